//! The page, rendered on the server: HTML with its charts as inline SVG, each chart followed by
//! the table of its numbers (a screen reader reads the table; the SVG is hidden from it). Its
//! style and script are served from this file at [`STYLE_PATH`] and [`SCRIPT_PATH`], so that
//! the page's Content-Security-Policy allows nothing inline and nothing from another host.

use super::summary::{Row, Summary, TaskSummary};
use crate::mask;
use crate::reconcile::Verdict;
use std::fmt::Write as _;

/// The minutes the arrivals chart covers.
pub(crate) const ARRIVAL_MINUTES: usize = 180;

/// Reports listed on one page of a task.
pub(crate) const ROWS_PER_PAGE: usize = 500;

/// Where the page's style and script are served.
pub(crate) const STYLE_PATH: &str = "/app.css";
/// See [`STYLE_PATH`].
pub(crate) const SCRIPT_PATH: &str = "/app.js";

/// What the page may load: its own style, script and long polls; nothing inline, nothing from
/// another host, never framed.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
     connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) const STYLE: &str = "
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--bar:#2f6fbd;--ok:#1a7f37;--bad:#cf222e;--card:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9da7b3;--line:#30363d;--bar:#58a6ff;--ok:#3fb950;--bad:#f85149;--card:#161b22}}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1100px;margin:0 auto;padding:12px 16px}header{border-bottom:1px solid var(--line)}
h1{font-size:1.3em;margin:0}h2{font-size:1.1em;margin:0 0 6px}a{color:var(--bar)}.muted{color:var(--muted)}
.totals{display:flex;flex-wrap:wrap;gap:8px 24px;margin:8px 0}.totals b{font-size:1.25em}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin:12px 0}
.cols{display:flex;flex-wrap:wrap;gap:16px}.cols>*{flex:1 1 320px;min-width:0}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid var(--line)}
td.n,th.n{text-align:right}.scroll{overflow-x:auto}figure{margin:0}figcaption{margin:4px 0}
svg{display:block;width:100%;height:auto}svg.arrivals{height:90px}svg.intents{max-width:440px}
svg .bar{fill:var(--bar)}svg text{fill:var(--fg);font-size:12px}svg .axis{stroke:var(--line)}
progress{width:100%;height:12px}.ok{color:var(--ok)}.bad{color:var(--bad)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
";

/// Long-polls `data-live` and swaps `main`'s contents when the version moves: no reload.
pub(crate) const SCRIPT: &str = "
(function(){var m=document.querySelector('main');var v=m.dataset.version;
function wait(ms){return new Promise(function(r){setTimeout(r,ms)})}
(async function(){for(;;){try{var l=m.dataset.live;var r=await fetch(l+(l.indexOf('?')<0?'?':'&')+'v='+v,{credentials:'same-origin',cache:'no-store'});
if(!r.ok){await wait(5000);continue}var d=await r.json();if(String(d.v)!==String(v)){v=d.v;m.innerHTML=d.html;m.dataset.version=v}}
catch(e){await wait(2000)}}})()})();
";

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `fragment`, which `live` (a long-poll URL) replaces when it changes.
pub(crate) fn layout(title: &str, fragment: &str, live: &str, version: u64) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{STYLE_PATH}\"></head><body>\
         <header><h1><a href=\"/\">ITNIO campaigns</a></h1><p class=\"muted\">What the receiver holds, updated as reports arrive.</p></header>\
         <main data-live=\"{live}\" data-version=\"{version}\" aria-live=\"polite\">{fragment}</main>\
         <script src=\"{SCRIPT_PATH}\"></script></body></html>",
        title = escape(title),
        live = escape(live),
    )
}

fn seconds_as_minutes(seconds: i64) -> String {
    format!("{}.{}", seconds / 60, (seconds % 60) * 10 / 60)
}

/// The overview: totals, arrivals per minute, and every task newest first.
pub(crate) fn overview(summary: &Summary, now_ms: i64) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"totals\"><span><b id=\"total-received\">{}</b> reports</span><span><b id=\"total-tasks\">{}</b> tasks</span>{}</div>",
        summary.total(),
        summary.tasks.iter().filter(|t| t.task.is_some()).count(),
        match summary.task_list_read {
            Some(_) => "<span class=\"muted\">task list read: called counts and verdicts shown</span>".to_owned(),
            None => "<span class=\"muted\">task list not read (no credentials): progress counts reports only</span>".to_owned(),
        }
    );
    out.push_str(&arrivals(&summary.arrivals(now_ms, ARRIVAL_MINUTES)));
    if summary.tasks.is_empty() {
        out.push_str("<p>No reports yet.</p>");
    }
    for task in &summary.tasks {
        out.push_str(&task_section(task, true));
    }
    out
}

fn task_title(task: &TaskSummary) -> String {
    match task.task {
        Some(id) => {
            let name = task.info.as_ref().and_then(|i| i.name.as_deref()).map(escape).unwrap_or_default();
            if name.is_empty() { format!("Task {id}") } else { format!("Task {id} · {name}") }
        }
        None => "Reports without a task ID".to_owned(),
    }
}

fn task_slug(task: Option<i64>) -> String {
    task.map_or_else(|| "none".to_owned(), |t| t.to_string())
}

fn task_section(task: &TaskSummary, link: bool) -> String {
    let slug = task_slug(task.task);
    let mut out = format!("<section id=\"task-{slug}\" aria-labelledby=\"h-{slug}\">");
    let title = task_title(task);
    if link {
        let _ = write!(out, "<h2 id=\"h-{slug}\"><a href=\"/task/{slug}\">{title}</a></h2>");
    } else {
        let _ = write!(out, "<h2 id=\"h-{slug}\">{title}</h2>");
    }
    let info = task.info.as_ref();
    let status = info.and_then(|i| i.status.as_ref()).map(|s| match s {
        itnio_voice::Open::Known(s) => s.name().to_owned(),
        itnio_voice::Open::Unknown(code) => format!("state {code}"),
    });
    let (called, callees) = (info.and_then(|i| i.called), info.and_then(|i| i.callees));
    match (callees, called) {
        (Some(total), Some(called)) if total > 0 => {
            let _ = write!(
                out,
                "<p><label>Called <b class=\"called\">{called}</b> of {total}, <b class=\"received\">{}</b> reports received{}\
                 <progress max=\"{total}\" value=\"{}\">{called} of {total}</progress></label></p>",
                task.received,
                status.map(|s| format!(" · {}", escape(&s))).unwrap_or_default(),
                task.received.min(u64::try_from(total).unwrap_or(0)),
            );
        }
        _ => {
            let _ = write!(out, "<p><b class=\"received\">{}</b> reports received</p>", task.received);
        }
    }
    if let Some(verdict) = task.verdict {
        let class = match verdict {
            Verdict::ReportsMissing(_) => "bad",
            Verdict::Complete => "ok",
            Verdict::StillCalling => "muted",
        };
        let _ = write!(out, "<p>Reconcile: <b class=\"verdict {class}\">{verdict}</b></p>");
    }
    let _ = write!(
        out,
        "<div class=\"cols\"><div><table><caption class=\"sr-only\">Counts</caption><tbody>\
         <tr><th scope=\"row\">Succeeded</th><td class=\"n succeeded\">{}</td></tr>\
         <tr><th scope=\"row\">Failed</th><td class=\"n failed\">{}</td></tr>\
         <tr><th scope=\"row\">Billed minutes</th><td class=\"n\">{}</td></tr>\
         <tr><th scope=\"row\">Cost</th><td class=\"n cost\">{}</td></tr>\
         <tr><th scope=\"row\">Agent fee</th><td class=\"n\">{}</td></tr>{}\
         </tbody></table></div><div>{}</div></div>",
        task.succeeded,
        task.failed,
        seconds_as_minutes(task.billed_seconds),
        task.cost,
        task.fee,
        if task.unsummed > 0 {
            format!(
                "<tr><th scope=\"row\">Amounts not summed</th><td class=\"n\">{} (not plain decimals; kept as received)</td></tr>",
                task.unsummed
            )
        } else {
            String::new()
        },
        intents(task, &slug),
    );
    out.push_str("</section>");
    out
}

/// The intents as horizontal bars, then as a table.
fn intents(task: &TaskSummary, slug: &str) -> String {
    if task.intents.is_empty() {
        return "<p class=\"muted\">No intents yet.</p>".to_owned();
    }
    let max = task.intents.iter().map(|i| i.2).max().unwrap_or(1).max(1);
    let row_height = 22;
    let height = task.intents.len() * row_height + 4;
    let mut svg = format!(
        "<svg class=\"intents\" viewBox=\"0 0 440 {height}\" role=\"img\" aria-hidden=\"true\" focusable=\"false\">"
    );
    for (i, (code, name, n)) in task.intents.iter().enumerate() {
        let y = i * row_height + 2;
        let width = (*n as f64 / max as f64 * 150.0).max(1.0);
        let label = name.map_or_else(|| code.clone(), |name| format!("{code} {name}"));
        let label: String =
            if label.chars().count() > 36 { label.chars().take(35).chain(['…']).collect() } else { label };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text><rect class=\"bar\" data-intent=\"{}\" x=\"250\" y=\"{y}\" width=\"{width:.1}\" height=\"16\" rx=\"2\"/><text x=\"{:.1}\" y=\"{}\">{n}</text>",
            y + 13,
            escape(&label),
            escape(code),
            250.0 + width + 6.0,
            y + 13
        );
    }
    svg.push_str("</svg>");
    let mut table = format!(
        "<table id=\"intents-{slug}\"><caption class=\"sr-only\">Intents</caption><thead><tr><th scope=\"col\">Intent</th><th scope=\"col\">Name</th><th scope=\"col\" class=\"n\">Reports</th></tr></thead><tbody>"
    );
    for (code, name, n) in &task.intents {
        let name = name.unwrap_or(if code == "-" { "(no intent)" } else { "(undocumented)" });
        let _ = write!(
            table,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{n}</td></tr>",
            escape(code),
            escape(name)
        );
    }
    table.push_str("</tbody></table>");
    format!("<figure><figcaption>Intents</figcaption>{svg}{table}</figure>")
}

/// Reports arriving per minute over the last hours, as columns, then as a table by ten minutes.
fn arrivals(counts: &[u64]) -> String {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let width = counts.len();
    let mut svg = format!(
        "<svg class=\"arrivals\" viewBox=\"0 0 {width} 62\" preserveAspectRatio=\"none\" role=\"img\" aria-hidden=\"true\" focusable=\"false\"><line class=\"axis\" x1=\"0\" y1=\"50.5\" x2=\"{width}\" y2=\"50.5\"/>"
    );
    for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let h = (*n as f64 / max as f64 * 48.0).max(1.0);
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{i}\" y=\"{:.1}\" width=\"0.9\" height=\"{h:.1}\"/>",
            50.0 - h
        );
    }
    svg.push_str("</svg>");
    let hours = width / 60;
    let mut table = String::from(
        "<table class=\"sr-only\" id=\"arrivals\"><caption>Reports arriving, by ten minutes</caption><thead><tr><th scope=\"col\">Minutes ago</th><th scope=\"col\">Reports</th></tr></thead><tbody>",
    );
    for (i, chunk) in counts.chunks(10).enumerate() {
        let to = width - i * 10;
        let _ = write!(
            table,
            "<tr><td>{}–{}</td><td>{}</td></tr>",
            to,
            to.saturating_sub(chunk.len()),
            chunk.iter().sum::<u64>()
        );
    }
    table.push_str("</tbody></table>");
    format!(
        "<section><h2>Reports arriving per minute</h2><figure>{svg}<figcaption class=\"muted\">the last {hours} hours, now at the right; busiest minute {max}</figcaption>{table}</figure></section>"
    )
}

/// One task: its section, then its reports, `page` (from 0) of them.
pub(crate) fn task_page(
    summary: &Summary,
    task: Option<i64>,
    page: usize,
    show_numbers: bool,
) -> Option<String> {
    let found = summary.tasks.iter().find(|t| t.task == task)?;
    let mut out = task_section(found, false);
    let rows = summary.rows_of(task);
    let pages = rows.len().div_ceil(ROWS_PER_PAGE).max(1);
    let page = page.min(pages - 1);
    let shown: Vec<&&Row> = rows.iter().skip(page * ROWS_PER_PAGE).take(ROWS_PER_PAGE).collect();
    let _ = write!(
        out,
        "<section><h2>Reports</h2><p class=\"muted\">{} reports, newest first; page {} of {pages}. Callee numbers are {}.</p>",
        rows.len(),
        page + 1,
        if show_numbers { "shown in full (--show-numbers)" } else { "masked" }
    );
    let slug = task_slug(task);
    if pages > 1 {
        out.push_str("<p>");
        if page > 0 {
            let _ = write!(out, "<a href=\"/task/{slug}?page={}\">newer</a> ", page - 1);
        }
        if page + 1 < pages {
            let _ = write!(out, "<a href=\"/task/{slug}?page={}\">older</a>", page + 1);
        }
        out.push_str("</p>");
    }
    out.push_str(
        "<div class=\"scroll\"><table id=\"reports\"><thead><tr><th scope=\"col\">voiceId</th><th scope=\"col\">Callee</th><th scope=\"col\">Intent</th>\
         <th scope=\"col\">Result</th><th scope=\"col\" class=\"n\">Billed s</th><th scope=\"col\" class=\"n\">Cost</th><th scope=\"col\">Call time</th></tr></thead><tbody>",
    );
    for row in shown {
        let callee = if show_numbers { row.callee.clone() } else { mask(&row.callee) };
        let intent = match (&row.intent_code, row.intent_name) {
            (Some(code), Some(name)) => format!("{code} {name}"),
            (Some(code), None) => code.clone(),
            (None, _) => "-".to_owned(),
        };
        let result = match row.succeeded() {
            Some(true) => "<span class=\"ok\">succeeded</span>".to_owned(),
            Some(false) => format!(
                "<span class=\"bad\">failed ({})</span>",
                escape(row.termination.as_deref().unwrap_or_default())
            ),
            None => "-".to_owned(),
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"callee\">{}</td><td>{}</td><td>{result}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&row.voice_id),
            escape(&callee),
            escape(&intent),
            row.seconds.map(|s| s.to_string()).unwrap_or_default(),
            escape(row.cost.as_deref().unwrap_or_default()),
            escape(row.call_time.as_deref().unwrap_or_default()),
        );
    }
    out.push_str("</tbody></table></div></section>");
    Some(out)
}
