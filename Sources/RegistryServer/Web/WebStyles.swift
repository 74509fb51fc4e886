import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// The UI's one stylesheet: system fonts, high-contrast colours (text at least 7:1 on its background, links and
/// badges at least 4.5:1), visible focus, and tables that scroll inside their box on a phone instead of the page.
enum WebStyles {
    static let css = """
        :root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --paper: #ffffff; --band: #f3f4f6; --link: #0b4f9c;
          --accent: #0b4f9c; --ok: #0f5c2e; --ok-bg: #e3f4e8; --bad: #8f1b1b; --bad-bg: #fbe4e4; --past: #6b3d00; --past-bg: #fff1d6; }
        * { box-sizing: border-box; }
        html { font-size: 100%; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink);
          background: var(--paper); line-height: 1.5; }
        a { color: var(--link); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, main:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
        .skip-link { position: absolute; left: -9999px; top: 0; background: var(--ink); color: #fff; padding: .5rem 1rem; z-index: 10; }
        .skip-link:focus { left: 0; }
        .site-header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1rem;
          border-bottom: 1px solid var(--line); background: var(--band); }
        .brand a { font-weight: 700; text-decoration: none; color: var(--ink); font-size: 1.1rem; }
        #main-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        #main-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
        .who { display: flex; gap: .5rem; align-items: center; margin-left: auto; }
        .who form { display: inline; }
        .link-button { background: none; border: none; color: var(--link); text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
        .time-travel { display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: center; width: 100%; font-size: .9rem; }
        .as-of-banner { background: var(--past-bg); color: var(--past); border-bottom: 3px solid var(--past); padding: .75rem 1rem; }
        .as-of-banner a { color: var(--past); font-weight: 700; margin-left: .5rem; }
        main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
        .narrow { max-width: 36rem; }
        .site-footer { border-top: 1px solid var(--line); padding: .5rem 1rem; color: var(--muted); font-size: .85rem; }
        h1 { font-size: 1.6rem; margin: .5rem 0 1rem; word-break: break-word; }
        h2 { font-size: 1.25rem; margin: 1.75rem 0 .5rem; }
        .muted { color: var(--muted); }
        .error { background: var(--bad-bg); color: var(--bad); border-left: 4px solid var(--bad); padding: .5rem .75rem; }
        .notice { background: var(--ok-bg); color: var(--ok); border-left: 4px solid var(--ok); padding: .5rem .75rem; }
        .badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .85rem; border: 1px solid currentColor; }
        .badge.ok { color: var(--ok); background: var(--ok-bg); }
        .badge.bad { color: var(--bad); background: var(--bad-bg); }
        .badge.neutral { color: var(--muted); background: var(--band); }
        .table-wrap { overflow-x: auto; max-width: 100%; border: 1px solid var(--line); }
        table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--band); white-space: nowrap; }
        td.nowrap { white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; word-break: break-all; }
        form.filters, form.inline { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; margin: .5rem 0 1rem; }
        form.filters p, form.inline p { margin: 0; display: flex; flex-direction: column; min-width: 0; max-width: 100%; }
        #prediction-id { width: 38ch; }
        form.stacked p { display: flex; flex-direction: column; max-width: 36rem; }
        label { font-weight: 600; font-size: .9rem; }
        input, select, textarea, button { font: inherit; padding: .3rem .5rem; border: 1px solid #767676; border-radius: 3px; max-width: 100%; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
        button.secondary { background: var(--paper); color: var(--accent); }
        .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
        .actions section { border: 1px solid var(--line); padding: .75rem 1rem; }
        .actions h3 { margin-top: 0; font-size: 1.05rem; }
        dl.document { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; }
        dl.document dt { font-weight: 600; }
        dl.document dd { margin: 0; word-break: break-word; overflow-wrap: anywhere; }
        dl.document > * { min-width: 0; }
        dl.document dl.document { grid-template-columns: minmax(6rem, max-content) 1fr; }
        .tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .5rem; }
        .tags li { background: var(--band); border: 1px solid var(--line); border-radius: 3px; padding: 0 .4rem; font-size: .9rem; }
        svg.chart { width: 100%; height: auto; max-width: 56rem; display: block; border: 1px solid var(--line); background: #fff; }
        svg.chart text { font-family: system-ui, sans-serif; font-size: 12px; fill: #1a1a1a; }
        svg#metric-chart { max-width: 40rem; }
        table caption { text-align: left; padding: .25rem .6rem; }
        nav.pagination { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
        .summary-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem; }
        .summary-grid div { background: var(--band); padding: .5rem .75rem; }
        .summary-grid strong { display: block; font-size: 1.4rem; }
        @media (max-width: 40rem) {
          .who { margin-left: 0; }
          dl.document, dl.document dl.document { grid-template-columns: minmax(0, 1fr); }
          dl.document dd { padding-left: .5rem; }
          h1 { font-size: 1.35rem; }
        }
        @media print {
          .site-header, .site-footer, .skip-link, form, .no-print { display: none !important; }
          .as-of-banner { border: 1px solid #000; }
          main { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
