import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// The template of a version's page.
enum VersionTemplates {
    static let version = """
        <p class="muted"><a href="{{modelHref}}">← {{model}}</a></p>
        <h1>{{model}} v{{number}}</h1>
        <p>{{description}}</p>
        <dl class="document">
          <dt>Format</dt><dd id="format">{{format}}</dd>
          <dt>Registered</dt><dd>{{registeredAt}} by {{registrant}}</dd>
          <dt>Aliases</dt><dd id="version-aliases">{{aliases}}{{^aliases}}none{{/aliases}}</dd>
          <dt>Predictions logged</dt><dd id="prediction-count">{{predictions}}</dd>
          <dt>Tags</dt><dd><ul class="tags">{{#tags}}<li>{{value}}={{label}}</li>{{/tags}}{{^tags}}<li>none</li>{{/tags}}</ul></dd>
        </dl>
        <section id="card"><h2>Model card</h2>{{{card}}}</section>
        <section id="metrics"><h2 id="metrics-heading">Metrics</h2>
        <div class="table-wrap"><table aria-labelledby="metrics-heading">
          <thead><tr><th scope="col">Metric</th><th scope="col" class="num">Claimed at registration</th></tr></thead>
          <tbody>{{#metrics}}<tr><th scope="row">{{name}}</th><td class="num">{{value}}</td></tr>{{/metrics}}
          {{^metrics}}<tr><td colspan="2">None claimed.</td></tr>{{/metrics}}</tbody>
        </table></div>
        <h3>Computed by the registry on its evaluation dataset</h3>
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">Metric</th><th scope="col" class="num">Computed</th></tr></thead>
          <tbody>{{#computed}}<tr><th scope="row">{{name}}</th><td class="num">{{value}}</td></tr>{{/computed}}
          {{^computed}}<tr><td colspan="2">Not evaluated.</td></tr>{{/computed}}</tbody>
        </table></div>
        </section>
        <section id="signature"><h2>Signature</h2>{{#hasSignature}}{{{signature}}}{{/hasSignature}}{{^hasSignature}}<p class="muted">None recorded.</p>{{/hasSignature}}</section>
        <section id="lineage"><h2>Lineage</h2>
        <dl class="document">{{#lineage}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/lineage}}</dl>{{^lineage}}<p class="muted">None recorded.</p>{{/lineage}}
        </section>
        <section id="artifact"><h2>Artifact</h2>
        <dl class="document">
          <dt>SHA-256</dt><dd><code id="artifact-sha256">{{sha256}}</code></dd>
          <dt>Size</dt><dd id="artifact-size">{{size}}</dd>
        </dl>
        {{#canDownload}}<p><a id="artifact-download" href="{{downloadHref}}" download>Download the artifact</a>
        <span class="muted">(the download is recorded in the model's history)</span></p>{{/canDownload}}
        </section>
        <section id="approvals"><h2 id="approvals-heading">Reviews</h2>
        <div class="table-wrap"><table aria-labelledby="approvals-heading">
          <thead><tr><th scope="col">Decision</th><th scope="col">For alias</th><th scope="col">By</th><th scope="col">When</th><th scope="col">Notes</th></tr></thead>
          <tbody>{{#reviews}}<tr><td><span class="badge {{decisionClass}}">{{decision}}</span></td><td>{{alias}}</td><td>{{approver}}</td><td>{{at}}</td><td>{{notes}}</td></tr>{{/reviews}}
          {{^reviews}}<tr><td colspan="5">Not reviewed.</td></tr>{{/reviews}}</tbody>
        </table></div>
        </section>
        <div class="actions">
        {{#canApprove}}
        <section>
        <h3>Review this version</h3>
        <form id="approve" class="stacked" method="post" action="{{actionBase}}/approvals">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <p><label for="review-alias">For alias</label>
          <select id="review-alias" name="alias">{{#reviewAliases}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/reviewAliases}}</select></p>
          <p><label for="review-decision">Decision</label>
          <select id="review-decision" name="decision"><option value="approved">Approve</option><option value="rejected">Reject</option></select></p>
          <p><label for="review-notes">Notes (the reason, recorded in the log)</label><textarea id="review-notes" name="notes" rows="3" required></textarea></p>
          <p><button type="submit">Record review</button></p>
        </form>
        </section>
        {{/canApprove}}
        {{#canPredict}}
        <section>
        <h3>Try a prediction</h3>
        {{#predictError}}<p class="error" role="alert">{{predictError}}</p>{{/predictError}}
        {{#result}}<p id="prediction-result" class="notice" role="status">Prediction: <strong>{{result}}</strong>
        {{#enquiryHref}} · <a id="enquiry-link" href="{{enquiryHref}}">its enquiry record</a>{{/enquiryHref}}</p>{{/result}}
        <form id="predict" class="stacked" method="post" action="{{actionBase}}/predict">
          <input type="hidden" name="csrf" value="{{csrf}}">
          {{#inputs}}
          <p><label for="{{id}}">{{label}}</label>
          {{#isNumber}}<input id="{{id}}" name="{{name}}" type="text" inputmode="decimal" value="{{value}}" required>{{/isNumber}}
          {{^isNumber}}<select id="{{id}}" name="{{name}}">{{#levels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/levels}}</select>{{/isNumber}}</p>
          {{/inputs}}
          <p class="muted">The prediction is logged like any other, in this version's name and yours.</p>
          <p><button type="submit">Predict</button></p>
        </form>
        </section>
        {{/canPredict}}
        </div>
        """
}
