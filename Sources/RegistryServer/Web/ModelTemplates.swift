import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// Templates of the models list and a model's page.
enum ModelTemplates {
    static let models = """
        <h1>Models</h1>
        <form id="model-search" class="filters" method="get" action="/" role="search">
          <p><label for="q">Search names, descriptions, tags and cards</label>
          <input id="q" name="q" type="search" value="{{q}}" size="30"></p>
          <p><label for="owner">Owner</label>
          <select id="owner" name="owner">{{#owners}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/owners}}</select></p>
          <p><label for="tag">Tag (key or key=value)</label>
          <input id="tag" name="tag" type="text" value="{{tag}}" size="16"></p>
          <p><label for="format">Format</label>
          <select id="format" name="format">{{#formats}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/formats}}</select></p>
          <p><label for="has-production">Production</label>
          <select id="has-production" name="production">{{#production}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/production}}</select></p>
          <p><label for="sort">Sort</label>
          <select id="sort" name="sort">{{#sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sorts}}</select></p>
          {{>time-fields}}
          <p><button type="submit">Search</button></p>
        </form>
        <p id="model-count" role="status">{{count}}</p>
        <div class="table-wrap">
        <table id="models">
          <caption class="muted">Live version is the one the <code>production</code> alias points to.</caption>
          <thead><tr><th scope="col">Name</th><th scope="col" class="num">Versions</th><th scope="col">Live version</th><th scope="col">Other aliases</th>
          <th scope="col">Format</th><th scope="col">Owner</th><th scope="col">Risk tier</th><th scope="col">Approval</th><th scope="col">Last change</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr data-model="{{name}}">
            <td class="name"><a href="{{href}}">{{name}}</a></td>
            <td class="versions num">{{versions}}</td>
            <td class="live">{{#live}}<strong>{{live}}</strong> <span class="muted">since {{liveSince}}</span>{{/live}}{{^live}}<span class="muted">none</span>{{/live}}</td>
            <td class="aliases">{{aliases}}</td>
            <td class="format">{{format}}</td>
            <td class="owner">{{owner}}</td>
            <td class="risk-tier">{{riskTier}}</td>
            <td class="approval"><span class="badge {{approvalClass}}">{{approval}}</span></td>
            <td class="last-change">{{lastChange}}</td>
          </tr>
          {{/rows}}
          {{^rows}}<tr><td colspan="9">No models match.</td></tr>{{/rows}}
          </tbody>
        </table>
        </div>
        <nav id="pagination" class="pagination" aria-label="Pages">
          {{#prev}}<a rel="prev" href="{{prev}}">← Previous</a>{{/prev}}
          <span>{{pageLabel}}</span>
          {{#next}}<a rel="next" href="{{next}}">Next →</a>{{/next}}
        </nav>
        {{#canCreate}}
        <section class="actions" aria-label="Actions">
        <section>
        <h2>Register a new model</h2>
        <form id="create-model" class="stacked" method="post" action="/models">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><label for="new-name">Name (lowercase letters, digits, - and _)</label><input id="new-name" name="name" required></p>
          <p><label for="new-description">Description</label><textarea id="new-description" name="description" rows="2"></textarea></p>
          <p><label for="new-tags">Tags (key=value, comma-separated)</label><input id="new-tags" name="tags"></p>
          <p><button type="submit">Register model</button></p>
        </form>
        </section>
        </section>
        {{/canCreate}}
        """

    static let model = """
        <p class="muted"><a href="{{historyHref}}">History of this model</a></p>
        <h1>{{name}}</h1>
        <p id="description">{{description}}</p>
        <dl class="document">
          <dt>Owner</dt><dd id="owner-name">{{owner}}</dd>
          <dt>Registered</dt><dd>{{created}}</dd>
          <dt>Tags</dt><dd><ul id="tags" class="tags">{{#tags}}<li>{{value}}={{label}}</li>{{/tags}}{{^tags}}<li>none</li>{{/tags}}</ul></dd>
        </dl>
        <h2 id="aliases-heading">Aliases</h2>
        <div class="table-wrap">
        <table id="aliases" aria-labelledby="aliases-heading">
          <thead><tr><th scope="col">Alias</th><th scope="col">Version</th><th scope="col">Since</th><th scope="col">Set by</th></tr></thead>
          <tbody>
          {{#aliases}}<tr data-alias="{{alias}}"><th scope="row">{{alias}}{{#protected}} <span class="badge neutral" title="moving it needs an approval">protected</span>{{/protected}}</th>
          <td class="version"><a href="{{versionHref}}">{{version}}</a></td><td>{{since}}</td><td>{{setBy}}</td></tr>{{/aliases}}
          {{^aliases}}<tr><td colspan="4">No aliases.</td></tr>{{/aliases}}
          </tbody>
        </table>
        </div>
        <h2 id="versions-heading">Versions</h2>
        <div class="table-wrap">
        <table id="versions" aria-labelledby="versions-heading">
          <thead><tr><th scope="col">Version</th><th scope="col">Format</th><th scope="col">Description</th><th scope="col">Registered</th>
          <th scope="col">Aliases</th><th scope="col">Reviews</th><th scope="col" class="num">Predictions</th></tr></thead>
          <tbody>
          {{#versions}}<tr data-version="{{number}}"><th scope="row"><a href="{{href}}">v{{number}}</a></th><td>{{format}}</td><td>{{description}}</td>
          <td>{{registeredAt}} by {{registrant}}</td><td>{{aliases}}</td><td>{{approvals}}</td><td class="num">{{predictions}}</td></tr>{{/versions}}
          {{^versions}}<tr><td colspan="7">No versions yet.</td></tr>{{/versions}}
          </tbody>
        </table>
        </div>
        <h2>Timeline</h2>
        {{{timeline}}}
        <h2>Metrics across versions</h2>
        {{#hasMetricChart}}
        <form id="metric-choice" class="inline" method="get" action="{{metricAction}}">
          {{>time-fields}}
          <p><label for="metric">Metric</label>
          <select id="metric" name="metric">{{#metrics}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/metrics}}</select></p>
          <p><button type="submit" class="secondary">Show</button></p>
        </form>
        {{{metricChart}}}
        {{/hasMetricChart}}
        {{^hasMetricChart}}<p class="muted">No version reports metrics.</p>{{/hasMetricChart}}
        <section id="usage"><h2>Usage</h2><p>{{usage}}</p></section>
        {{#showGrants}}
        <section id="grants">
        <h2 id="grants-heading">Who may use it</h2>
        <div class="table-wrap">
        <table aria-labelledby="grants-heading">
          <thead><tr><th scope="col">Principal</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col">Granted by</th><th scope="col">Reason</th></tr></thead>
          <tbody>{{#grants}}<tr><td>{{principal}}</td><td>{{role}}</td><td>{{expires}}</td><td>{{grantedBy}}</td><td>{{reason}}</td></tr>{{/grants}}
          {{^grants}}<tr><td colspan="5">No grants: only the owner.</td></tr>{{/grants}}</tbody>
        </table>
        </div>
        </section>
        {{/showGrants}}
        <div class="actions">
        {{#canMoveAlias}}
        <section>
        <h3>Set or move an alias</h3>
        <form id="set-alias" class="stacked" method="post" action="{{actionBase}}/aliases">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><label for="alias-name">Alias</label><input id="alias-name" name="alias" value="production" required></p>
          <p><label for="alias-version">Version</label>
          <select id="alias-version" name="version">{{#versionNumbers}}<option value="{{value}}">{{label}}</option>{{/versionNumbers}}</select></p>
          <p><label for="alias-reason">Reason (recorded in the log)</label><textarea id="alias-reason" name="reason" rows="2" required></textarea></p>
          <p><button type="submit">Set alias</button></p>
        </form>
        </section>
        {{/canMoveAlias}}
        {{#canGrant}}
        <section>
        <h3>Grant access</h3>
        <form id="grant" class="stacked" method="post" action="{{actionBase}}/grants">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><label for="grant-principal">Principal</label><input id="grant-principal" name="principal" required></p>
          <p><label for="grant-role">Role</label>
          <select id="grant-role" name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select></p>
          <p><label for="grant-expires">Expires (UTC, optional)</label><input id="grant-expires" name="expires_at" type="datetime-local"></p>
          <p><label for="grant-reason">Reason (recorded in the log)</label><textarea id="grant-reason" name="reason" rows="2" required></textarea></p>
          <p><button type="submit">Grant</button></p>
        </form>
        </section>
        {{/canGrant}}
        {{#canRegister}}
        <section>
        <h3>Register a version</h3>
        <form id="register-version" class="stacked" method="post" action="{{actionBase}}/versions" enctype="multipart/form-data">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><label for="version-artifact">Artifact file (up to {{maxUpload}} here; larger ones through the API or <code>modelreg versions register</code>)</label>
          <input id="version-artifact" name="artifact" type="file" required></p>
          <p><label for="version-format">Format</label><input id="version-format" name="format" value="linear" required></p>
          <p><label for="version-description">Description</label><textarea id="version-description" name="description" rows="2"></textarea></p>
          <p><label for="version-reason">Reason (recorded in the log)</label><input id="version-reason" name="reason"></p>
          <p><button type="submit">Register version</button></p>
        </form>
        </section>
        {{/canRegister}}
        </div>
        """
}
