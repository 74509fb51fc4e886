import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// Templates of the history, enquiry and report pages.
enum AuditTemplates {
    static let history = """
        <h1>History</h1>
        <p>{{#chainOK}}<span id="chain-status" class="badge ok">{{chainText}}</span>{{/chainOK}}
        {{^chainOK}}<span id="chain-status" class="badge bad" role="alert">{{chainText}}</span>{{/chainOK}}
        <span class="muted">A full walk with the signed checkpoints: <code>modelreg verify</code>.</span></p>
        <form id="history-filter" class="filters" method="get" action="/history">
          {{>time-fields}}
          <p><label for="filter-model">Model</label><input id="filter-model" name="model" value="{{model}}" size="16"></p>
          <p><label for="filter-type">Type</label>
          <select id="filter-type" name="type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></p>
          <p><label for="filter-actor">Actor</label><input id="filter-actor" name="actor" value="{{actor}}" size="12"></p>
          <p><label for="filter-from">Recorded from (UTC)</label><input id="filter-from" name="from" type="datetime-local" step="1" value="{{from}}"></p>
          <p><label for="filter-to">until (UTC)</label><input id="filter-to" name="to" type="datetime-local" step="1" value="{{to}}"></p>
          <p><button type="submit">Filter</button></p>
        </form>
        <div class="table-wrap">
        <table id="events">
          <caption class="muted">Newest first. Recorded: when the registry wrote it; effective: when it took effect (earlier for a back-dated correction).</caption>
          <thead><tr><th scope="col" class="num">Position</th><th scope="col">Recorded</th><th scope="col">Effective</th><th scope="col">Event</th>
          <th scope="col">Model</th><th scope="col">Actor</th><th scope="col">What</th><th scope="col">Hash</th><th scope="col">State after</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr data-position="{{position}}">
            <td class="num">{{position}}</td><td>{{recordedAt}}</td>
            <td>{{effectiveAt}}{{#backDated}} <span class="badge neutral">back-dated</span>{{/backDated}}</td>
            <td>{{type}}{{#retracted}} <span class="badge bad">retracted</span>{{/retracted}}</td>
            <td>{{#modelHref}}<a href="{{modelHref}}">{{model}}</a>{{/modelHref}}</td><td>{{actor}}</td><td>{{summary}}</td>
            <td class="nowrap"><code title="{{hash}}">{{shortHash}}…</code></td>
            <td>{{#stateAfter}}<a class="state-after" href="{{stateAfter}}">view</a>{{/stateAfter}}</td>
          </tr>
          {{/rows}}
          {{^rows}}<tr><td colspan="9">No events match.</td></tr>{{/rows}}
          </tbody>
        </table>
        </div>
        <nav id="pagination" class="pagination" aria-label="Pages">
          {{#newest}}<a rel="first" href="{{newest}}">Newest</a>{{/newest}}
          {{#next}}<a rel="next" href="{{next}}">Older →</a>{{/next}}
        </nav>
        """

    static let enquiries = """
        <h1>Enquiries</h1>
        <p>Every prediction the registry served or was told about has an id. Its enquiry record says which version answered,
        who asked, what was approved then, and proves the record is in the sealed log.</p>
        <form id="enquiry-lookup" class="inline" method="get" action="/enquiries">
          <p><label for="prediction-id">Prediction id</label><input id="prediction-id" name="id" value="{{id}}" required></p>
          <p><button type="submit">Look up</button></p>
        </form>
        """

    static let enquiry = """
        <article id="enquiry">
        <h1>Enquiry: prediction <code>{{id}}</code></h1>
        <p class="no-print"><a href="/enquiries">Another enquiry</a> · print this page for the file.</p>
        <dl class="document">
          <dt>Model</dt><dd id="enquiry-model"><a href="{{modelHref}}">{{model}}</a></dd>
          <dt>Version</dt><dd id="enquiry-version"><a href="{{versionHref}}">{{version}}</a></dd>
          <dt>Made at</dt><dd>{{madeAt}}</dd>
          <dt>Asked by</dt><dd>{{caller}}</dd>
          <dt>Output</dt><dd id="enquiry-output"><strong>{{output}}</strong></dd>
          <dt>Inputs</dt><dd>{{{inputs}}}</dd>
          <dt>Approval in force</dt><dd>{{approval}}</dd>
          <dt>Proof</dt><dd>{{#proofOK}}<span class="badge ok">the inclusion proof verifies</span>{{/proofOK}}{{^proofOK}}<span class="badge bad">the inclusion proof does not verify</span>{{/proofOK}}
          <span class="muted">{{proof}}</span></dd>
          {{#reproduced}}<dt>Re-execution</dt><dd>{{reproduced}}</dd>{{/reproduced}}
        </dl>
        <h2>The full record</h2>
        {{{document}}}
        </article>
        """

    static let reports = """
        <h1>Reports</h1>
        <form id="report-period" class="filters" method="get" action="/reports">
          <p><label for="report-from">From (UTC)</label><input id="report-from" name="from" type="datetime-local" step="1" value="{{from}}"></p>
          <p><label for="report-to">To (UTC)</label><input id="report-to" name="to" type="datetime-local" step="1" value="{{to}}"></p>
          <p><button type="submit">Show</button></p>
        </form>
        <p>What the registry recorded from {{period}}.</p>
        <div class="summary-grid">{{#counts}}<div><strong>{{count}}</strong>{{label}}</div>{{/counts}}</div>
        <h2>Changes by kind</h2>
        {{{changesChart}}}
        <h2>Predictions per model</h2>
        {{#hasPredictions}}{{{predictionsChart}}}{{/hasPredictions}}{{^hasPredictions}}<p class="muted">No predictions in the period.</p>{{/hasPredictions}}
        <h2 id="promotions-heading">Promotions (the newest hundred)</h2>
        <div class="table-wrap"><table aria-labelledby="promotions-heading">
          <thead><tr><th scope="col">When</th><th scope="col">Model</th><th scope="col">What</th><th scope="col">By</th></tr></thead>
          <tbody>{{#promotions}}<tr><td>{{at}}</td><td><a href="{{modelHref}}">{{model}}</a></td><td>{{move}}</td><td>{{actor}}</td></tr>{{/promotions}}
          {{^promotions}}<tr><td colspan="4">None in the period.</td></tr>{{/promotions}}</tbody>
        </table></div>
        <h2>Exports</h2>
        <p><a id="download-inventory" class="button" href="{{inventoryHref}}" download>Download the model inventory (CSV)</a></p>
        <p><a id="download-events" class="button" href="{{eventsHref}}" download>Download the period's ledger events (JSON lines, with a signed head)</a></p>
        """
}
