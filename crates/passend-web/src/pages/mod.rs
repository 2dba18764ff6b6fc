//! The Dutch pages. Each handler reads the snapshot, builds a view model of ready-to-show
//! strings, and renders an askama template (auto-escaping on). No business rule lives
//! here: figures come from `passend-core`.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use passend_core::composition::Finding;
use passend_core::summary::{KindGroup, YearTotals};

use crate::error::AppError;
use crate::nl;
use crate::svg::{self, Series};

pub(crate) mod account;
pub(crate) mod audit;
pub(crate) mod budget;
pub(crate) mod coverage;
pub(crate) mod editor;
pub(crate) mod findings;
pub(crate) mod home;
pub(crate) mod info;
pub(crate) mod placement;
pub(crate) mod profile;
pub(crate) mod school;
pub(crate) mod swv;

/// Whether a form post comes from a page of this server: `Sec-Fetch-Site` (when the
/// browser sends it) says same-origin, and `Origin` (when sent) is this host over http
/// or https (behind a TLS-terminating proxy).
pub(crate) fn same_origin(headers: &axum::http::HeaderMap) -> bool {
    use axum::http::header;
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v == "same-origin" || v == "none");
    let fetch_same_origin = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"same-origin");
    let origin_ok = match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (None, _) => true,
        // A browser that hides the origin (a stricter referrer policy than ours) says
        // `null`; it still says where the request comes from in `Sec-Fetch-Site`.
        (Some(origin), _) if origin.as_bytes() == b"null" => fetch_same_origin,
        (Some(origin), Some(host)) => {
            origin.to_str().ok().and_then(|o| {
                o.strip_prefix("http://")
                    .or_else(|| o.strip_prefix("https://"))
            }) == host.to_str().ok()
        }
        (Some(_), None) => false,
    };
    site_ok && origin_ok
}

/// Renders a template into a response.
pub(crate) fn render(template: &impl Template) -> Result<Response, crate::error::Failure> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| AppError::Internal(format!("template: {e}")).page())
}

/// A finding ready to show.
pub(crate) struct FindingView {
    pub(crate) severity: &'static str,
    pub(crate) severity_label: &'static str,
    pub(crate) rule: &'static str,
    pub(crate) message: String,
    pub(crate) vestiging: Option<String>,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> FindingView {
        FindingView {
            severity: f.severity.code(),
            severity_label: f.severity.label(),
            rule: f.rule.id(),
            message: f.message.clone(),
            vestiging: f.vestiging.map(|v| v.to_string()),
        }
    }
}

/// A chart with its data as a table, for people who cannot see the chart.
pub(crate) struct ChartView {
    pub(crate) svg: String,
    /// The heading of the table's first column.
    pub(crate) row_header: String,
    pub(crate) legend: Vec<(String, &'static str)>,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<(String, Vec<String>)>,
}

/// Pupils per year of some kind groups: one line per group.
pub(crate) fn pupils_chart(
    id: &str,
    title: &str,
    series: &[YearTotals],
    groups: &[KindGroup],
) -> Option<ChartView> {
    let classes = ["s0", "s1", "s2", "s3"];
    let lines: Vec<Series> = groups
        .iter()
        .zip(classes)
        .map(|(g, class)| Series {
            label: g.short().to_owned(),
            class,
            points: series
                .iter()
                .filter_map(|y| {
                    y.totals
                        .get(g)
                        .map(|t| (y.peildatum.year(), t.exact as f64))
                })
                .filter(|(_, v)| *v > 0.0)
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    if lines.iter().all(|s| s.points.len() < 2) {
        return None;
    }
    Some(chart_view(id, title, lines, &svg::count_label, &|v| {
        nl::number(v as u64)
    }))
}

/// Draws a chart and the same numbers as a table.
pub(crate) fn chart_view(
    id: &str,
    title: &str,
    lines: Vec<Series>,
    axis: &dyn Fn(f64) -> String,
    cell: &dyn Fn(f64) -> String,
) -> ChartView {
    let svg = svg::line_chart(id, title, &lines, axis);
    let legend = lines.iter().map(|s| (s.label.clone(), s.class)).collect();
    let header = lines.iter().map(|s| s.label.clone()).collect();
    let mut years: Vec<i16> = lines
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    years.sort_unstable();
    years.dedup();
    let rows = years
        .iter()
        .map(|year| {
            let cells = lines
                .iter()
                .map(|s| {
                    s.points
                        .iter()
                        .find(|p| p.0 == *year)
                        .map_or("–".to_owned(), |p| cell(p.1))
                })
                .collect();
            (format!("1 oktober {year}"), cells)
        })
        .collect();
    ChartView {
        svg,
        row_header: "Peildatum".to_owned(),
        legend,
        header,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::same_origin;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_post_must_come_from_this_site() {
        let host = ("host", "passend.example");
        assert!(same_origin(&headers(&[host])));
        assert!(same_origin(&headers(&[
            host,
            ("origin", "https://passend.example")
        ])));
        assert!(same_origin(&headers(&[
            host,
            ("origin", "http://passend.example"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!same_origin(&headers(&[
            host,
            ("origin", "https://elders.example")
        ])));
        assert!(!same_origin(&headers(&[
            host,
            ("sec-fetch-site", "cross-site")
        ])));
        // A hidden origin counts only when the browser says the post is same-origin.
        assert!(same_origin(&headers(&[
            host,
            ("origin", "null"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!same_origin(&headers(&[host, ("origin", "null")])));
        assert!(!same_origin(&headers(&[
            host,
            ("origin", "null"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
