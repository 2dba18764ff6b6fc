//! Maps and charts as inline SVG, drawn from the register's coordinates: no map tiles,
//! no scripts, no network. Every figure has a text alternative on the page.

use std::fmt::Write;

use passend_core::geo::{Xy, project};
use passend_core::register::Register;
use passend_core::school::Status;
use passend_core::summary::KindGroup;
use passend_core::swv::SwvCode;

use crate::nl;
use crate::snapshot::{Ring, SectorMap};

/// Escapes text for SVG/HTML content and attributes.
pub fn escape(text: &str) -> String {
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

pub(crate) fn path_data(rings: &[Ring], decimals: usize) -> String {
    let mut d = String::new();
    for ring in rings {
        for (i, p) in ring.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.*} {:.*}",
                if i == 0 { "M" } else { "L" },
                decimals,
                p.x,
                decimals,
                -p.y
            );
        }
        d.push('Z');
    }
    d
}

/// CSS class of a kind group's marker.
pub fn group_class(group: KindGroup) -> &'static str {
    match group {
        KindGroup::Bao => "k-bao",
        KindGroup::Sbo => "k-sbo",
        KindGroup::So => "k-so",
        KindGroup::SoVso => "k-sovso",
        KindGroup::Vso => "k-vso",
        KindGroup::Vo => "k-vo",
        KindGroup::Praktijkonderwijs => "k-pro",
    }
}

/// The national map of one sector: every SWV's area, coloured so that neighbours
/// differ, each a link to its page for mouse users. The map is hidden from assistive
/// technology and its links are out of the tab order: the SWV list linked beside it is
/// the equivalent, so keyboard and screen-reader users are not made to step through 77
/// areas.
pub fn national_map(map: &SectorMap, register: &Register, label: &str) -> String {
    let all = map.national.values().flatten().flatten();
    let (min, max) = bounds(all);
    let pad = 3.0;
    let mut svg = format!(
        r#"<svg class="map national" viewBox="{:.1} {:.1} {:.1} {:.1}" aria-hidden="true" focusable="false"><title>{}</title>"#,
        min.x - pad,
        -max.y - pad,
        max.x - min.x + 2.0 * pad,
        max.y - min.y + 2.0 * pad,
        escape(label)
    );
    if let Some(rings) = map.national.get(&None) {
        let _ = write!(
            svg,
            r#"<path class="area-none" d="{}"/>"#,
            path_data(rings, 1)
        );
    }
    for (group, rings) in &map.national {
        let Some(swv) = group else { continue };
        let colour = map.colours.get(swv).copied().unwrap_or(0) % 6;
        let name = register
            .swv_name(*swv)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let _ = write!(
            svg,
            r#"<a href="/swv/{swv}" tabindex="-1"><path class="area c{colour}" d="{}"><title>{} ({}){}</title></path></a>"#,
            path_data(rings, 1),
            swv,
            swv.dotted(),
            escape(&name)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn bounds<'a>(points: impl Iterator<Item = &'a Xy>) -> (Xy, Xy) {
    points.fold(
        (
            Xy {
                x: f64::MAX,
                y: f64::MAX,
            },
            Xy {
                x: f64::MIN,
                y: f64::MIN,
            },
        ),
        |(lo, hi), p| {
            (
                Xy {
                    x: lo.x.min(p.x),
                    y: lo.y.min(p.y),
                },
                Xy {
                    x: hi.x.max(p.x),
                    y: hi.y.max(p.y),
                },
            )
        },
    )
}

/// The map of one SWV: its area, its neighbours for orientation, and its open member
/// vestigingen marked by kind. The school table on the page is the text alternative.
pub fn swv_map(map: &SectorMap, register: &Register, swv: SwvCode) -> Option<String> {
    let schools: Vec<(Xy, KindGroup, String)> = register
        .members(swv)
        .filter(|(v, _)| v.status == Status::Open)
        .filter_map(|(v, _)| {
            v.location.map(|l| {
                (
                    project(l.point),
                    KindGroup::of(v.kind),
                    format!("{} {}", v.code, v.name),
                )
            })
        })
        .collect();
    let (mut min, mut max) = match map.bounds.get(&swv) {
        Some(b) => *b,
        None if !schools.is_empty() => bounds(schools.iter().map(|(p, _, _)| p)),
        None => return None,
    };
    for (p, _, _) in &schools {
        min = Xy {
            x: min.x.min(p.x),
            y: min.y.min(p.y),
        };
        max = Xy {
            x: max.x.max(p.x),
            y: max.y.max(p.y),
        };
    }
    let pad = ((max.x - min.x).max(max.y - min.y) * 0.06).max(1.0);
    let (x0, y0, w, h) = (
        min.x - pad,
        -max.y - pad,
        max.x - min.x + 2.0 * pad,
        max.y - min.y + 2.0 * pad,
    );
    // Marker sizes and strokes scale with the map, so a large SWV is as legible as a small one.
    let unit = w.max(h) / 600.0;
    let mut svg = format!(
        r#"<svg class="map swv" viewBox="{x0:.2} {y0:.2} {w:.2} {h:.2}" role="img" aria-labelledby="map-title map-desc"><title id="map-title">Kaart van {swv}</title><desc id="map-desc">Het gebied van {swv} met zijn {} open vestigingen; de tabel met scholen op deze pagina bevat dezelfde gegevens.</desc>"#,
        schools.len()
    );
    let _ = write!(svg, r#"<g stroke-width="{:.3}">"#, unit * 1.2);
    let in_view = |rings: &Vec<Ring>| {
        rings
            .iter()
            .flatten()
            .any(|p| p.x >= x0 && p.x <= x0 + w && -p.y >= y0 && -p.y <= y0 + h)
    };
    for (group, rings) in &map.detailed {
        if *group == Some(swv) || !in_view(rings) {
            continue;
        }
        let class = if group.is_some() {
            "neighbour"
        } else {
            "area-none"
        };
        let _ = write!(
            svg,
            r#"<path class="{class}" d="{}"/>"#,
            path_data(rings, 2)
        );
    }
    if let Some(rings) = map.detailed.get(&Some(swv)) {
        let _ = write!(
            svg,
            r#"<path class="this-swv" d="{}"/>"#,
            path_data(rings, 2)
        );
    }
    svg.push_str("</g>");
    // Small schools first, special schools on top.
    let mut ordered = schools;
    ordered.sort_by_key(|(_, g, _)| match g {
        KindGroup::Bao => 0,
        KindGroup::Vo => 1,
        _ => 2,
    });
    let _ = write!(svg, r#"<g stroke-width="{:.3}">"#, unit * 0.8);
    for (p, group, label) in &ordered {
        let r = match group {
            KindGroup::Bao | KindGroup::Vo => 3.2,
            _ => 4.6,
        } * unit;
        let _ = write!(
            svg,
            r#"<circle class="{}" cx="{:.2}" cy="{:.2}" r="{:.3}"><title>{}</title></circle>"#,
            group_class(*group),
            p.x,
            -p.y,
            r,
            escape(label)
        );
    }
    svg.push_str("</g></svg>");
    Some(svg)
}

/// One series of a line chart.
pub struct Series {
    /// Legend label.
    pub label: String,
    /// CSS class for colour.
    pub class: &'static str,
    /// (year, value) points; gaps are allowed.
    pub points: Vec<(i16, f64)>,
}

/// A line chart over years. `format` prints a value for the axis and the tooltips.
pub fn line_chart(
    id: &str,
    title: &str,
    series: &[Series],
    format: &dyn Fn(f64) -> String,
) -> String {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const LEFT: f64 = 64.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 28.0;
    let all: Vec<(i16, f64)> = series
        .iter()
        .flat_map(|s| s.points.iter().copied())
        .collect();
    let (Some(first), Some(last)) = (all.iter().map(|p| p.0).min(), all.iter().map(|p| p.0).max())
    else {
        return String::new();
    };
    let top_value = nice_ceiling(all.iter().map(|p| p.1).fold(0.0, f64::max));
    let span = f64::from((last - first).max(1));
    let x = |year: i16| LEFT + (f64::from(year - first) / span) * (W - LEFT - RIGHT);
    let y = |value: f64| TOP + (1.0 - value / top_value) * (H - TOP - BOTTOM);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
    // Four or five gridlines, whichever gives round steps (5 → 1, 2, 3, 4, 5).
    // Whole steps from 10 up; below that steps of at most one decimal.
    let round_step = |k: u8| {
        let step = top_value / f64::from(k);
        if top_value >= 10.0 {
            step.fract() == 0.0
        } else {
            (step * 10.0).fract() == 0.0
        }
    };
    let divisions = [4u8, 5, 2]
        .into_iter()
        .find(|k| round_step(*k))
        .unwrap_or(4);
    for i in 0..=divisions {
        let value = top_value * f64::from(i) / f64::from(divisions);
        let yy = y(value);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            escape(&format(value))
        );
    }
    let step = match last - first {
        0..=8 => 1,
        9..=16 => 2,
        _ => 5,
    };
    for year in first..=last {
        if (year - first) % step == 0 || year == last {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{:.1}" y="{}" text-anchor="middle">{year}</text>"#,
                x(year),
                H - 8.0
            );
        }
    }
    for s in series {
        if s.points.is_empty() {
            continue;
        }
        let points: Vec<String> = s
            .points
            .iter()
            .map(|(yr, v)| format!("{:.1},{:.1}", x(*yr), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="line {}" points="{}"/>"#,
            s.class,
            points.join(" ")
        );
        for (yr, v) in &s.points {
            let _ = write!(
                svg,
                r#"<circle class="dot {}" cx="{:.1}" cy="{:.1}" r="2.5"><title>{}, {yr}: {}</title></circle>"#,
                s.class,
                x(*yr),
                y(*v),
                escape(&s.label),
                escape(&format(*v))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|n| *n >= value)
        .unwrap_or(10.0 * magnitude)
}

/// Formats a count for chart axes.
pub fn count_label(v: f64) -> String {
    nl::number(v.round() as u64)
}

/// Formats a percentage for chart axes.
pub fn percent_label(v: f64) -> String {
    nl::percent(v, 1)
}

/// Distance classes of the coverage map: CSS class and Dutch legend (`{d}` is the
/// threshold, `{2d}` twice it).
pub const COVERAGE_CLASSES: [(&str, &str); 5] = [
    ("d1", "tot de helft van de drempel"),
    ("d2", "binnen de drempel van {d} km"),
    ("d3", "verder dan {d} km, tot {2d} km"),
    ("d4", "verder dan {2d} km"),
    ("d5", "geen school biedt dit"),
];

/// The map of one SWV for one need and level: every PC4 of the area coloured by the
/// distance to the nearest school that offers it, and those schools marked. The gap list
/// and the matrix on the page carry the same information as text.
pub fn coverage_map(
    snap: &crate::snapshot::Snapshot,
    map: &SectorMap,
    support: &crate::snapshot::SupportState,
    report: &passend_coverage::Report,
    swv: SwvCode,
    need: &passend_core::support::NeedCode,
    level: passend_core::support::Level,
) -> Option<String> {
    let (min, max) = *map.bounds.get(&swv)?;
    let pad = ((max.x - min.x).max(max.y - min.y) * 0.05).max(1.0);
    let (x0, y0, w, h) = (
        min.x - pad,
        -max.y - pad,
        max.x - min.x + 2.0 * pad,
        max.y - min.y + 2.0 * pad,
    );
    let unit = w.max(h) / 600.0;
    let threshold = support.data.settings.threshold(level);
    let mut svg = format!(
        r#"<svg class="map coverage" viewBox="{x0:.2} {y0:.2} {w:.2} {h:.2}" role="img" aria-labelledby="cmap-title cmap-desc"><title id="cmap-title">Afstand tot de dichtstbijzijnde school voor {need}, {}</title><desc id="cmap-desc">Elk postcodegebied van {swv} gekleurd naar de afstand tot de dichtstbijzijnde school die dit biedt; de tabel met hiaten op deze pagina noemt de gebieden die tekortschieten.</desc>"#,
        escape(level.label())
    );
    let _ = write!(svg, r#"<g stroke-width="{:.3}">"#, unit * 0.6);
    for (group, rings) in &map.detailed {
        if *group != Some(swv)
            && rings
                .iter()
                .flatten()
                .any(|p| p.x >= x0 && p.x <= x0 + w && -p.y >= y0 && -p.y <= y0 + h)
        {
            let _ = write!(
                svg,
                r#"<path class="neighbour" d="{}"/>"#,
                map.detailed_paths.get(group).map_or("", String::as_str)
            );
        }
    }
    for row in report
        .details
        .iter()
        .filter(|r| &r.need == need && r.level == level)
    {
        let Some(cell) = snap.pc4_paths.get(&row.pc4) else {
            continue;
        };
        let class = match row.road_km {
            None => "d5",
            Some(km) if km <= threshold / 2.0 => "d1",
            Some(km) if km <= threshold => "d2",
            Some(km) if km <= threshold * 2.0 => "d3",
            Some(_) => "d4",
        };
        let km = row.road_km.map_or("geen school".to_owned(), |k| {
            format!("{} km over de weg", crate::nl::decimal(k, 1))
        });
        let _ = write!(
            svg,
            r#"<path class="{class}" d="{}"><title>{}: {km}</title></path>"#,
            cell, row.pc4
        );
    }
    if let Some(path) = map.detailed_paths.get(&Some(swv)) {
        let _ = write!(svg, r#"<path class="outline" d="{path}"/>"#);
    }
    svg.push_str("</g>");
    let _ = write!(svg, r#"<g stroke-width="{:.3}">"#, unit * 1.0);
    for site in support
        .model
        .sites
        .iter()
        .filter(|s| s.offers_at(need, level))
    {
        let xy = site.xy;
        if xy.x < x0 || xy.x > x0 + w || -xy.y < y0 || -xy.y > y0 + h {
            continue;
        }
        let member = site.counts_for(swv);
        if report.scope == passend_coverage::Scope::Swv && !member {
            continue;
        }
        let _ = write!(
            svg,
            r#"<circle class="{}" cx="{:.2}" cy="{:.2}" r="{:.3}"><title>{} {}</title></circle>"#,
            if member { "site" } else { "site other" },
            xy.x,
            -xy.y,
            unit * 4.0,
            site.code,
            escape(&site.name)
        );
    }
    svg.push_str("</g></svg>");
    Some(svg)
}

/// The map of a placement: schools as squares, pupils as dots with a line to the school
/// they are placed at, unplaced pupils as red crosses. The table on the page carries the
/// same information.
pub fn placement_map(
    instance: &passend_placement::Instance,
    outcome: &passend_placement::Outcome,
) -> String {
    let schools: Vec<Xy> = instance.schools.iter().map(|s| project(s.at)).collect();
    let pupils: Vec<Xy> = instance.pupils.iter().map(|p| project(p.at)).collect();
    if pupils.is_empty() {
        return String::new();
    }
    // The pupils and the schools they are at set the view; a national institution far
    // away that nobody goes to would shrink everything else to a dot.
    let used: Vec<Xy> = outcome
        .assignments
        .iter()
        .filter_map(|a| a.school.map(|s| schools[s]))
        .collect();
    let (min, max) = bounds(pupils.iter().chain(used.iter()));
    let pad = ((max.x - min.x).max(max.y - min.y) * 0.04).max(0.5);
    let (x0, y0, w, h) = (
        min.x - pad,
        -max.y - pad,
        max.x - min.x + 2.0 * pad,
        max.y - min.y + 2.0 * pad,
    );
    let unit = w.max(h) / 600.0;
    let placed = outcome
        .assignments
        .iter()
        .filter(|a| a.school.is_some())
        .count();
    let mut svg = format!(
        r#"<svg class="map placement" viewBox="{x0:.2} {y0:.2} {w:.2} {h:.2}" role="img" aria-labelledby="pmap-title pmap-desc"><title id="pmap-title">Kaart van de plaatsing</title><desc id="pmap-desc">{} scholen en {} leerlingen, van wie {} geplaatst; de tabel op deze pagina bevat dezelfde gegevens.</desc>"#,
        schools.len(),
        pupils.len(),
        placed
    );
    let _ = write!(svg, r#"<g class="links" stroke-width="{:.3}">"#, unit * 0.6);
    for a in &outcome.assignments {
        if let Some(s) = a.school {
            let (p, q) = (pupils[a.pupil], schools[s]);
            let _ = write!(
                svg,
                r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}"/>"#,
                p.x, -p.y, q.x, -q.y
            );
        }
    }
    svg.push_str("</g><g class=\"schools\">");
    let side = unit * 5.0;
    for (i, q) in schools.iter().enumerate() {
        if q.x < x0 || q.x > x0 + w || -q.y < y0 || -q.y > y0 + h {
            continue;
        }
        let _ = write!(
            svg,
            r#"<rect x="{:.2}" y="{:.2}" width="{side:.3}" height="{side:.3}"><title>{}</title></rect>"#,
            q.x - side / 2.0,
            -q.y - side / 2.0,
            escape(&instance.schools[i].id.to_string())
        );
    }
    svg.push_str("</g><g class=\"pupils\">");
    for a in &outcome.assignments {
        let p = pupils[a.pupil];
        let id = escape(&instance.pupils[a.pupil].id);
        if a.school.is_some() {
            let _ = write!(
                svg,
                r#"<circle cx="{:.2}" cy="{:.2}" r="{:.3}"><title>{id}</title></circle>"#,
                p.x,
                -p.y,
                unit * 2.0
            );
        } else {
            let d = unit * 3.5;
            let _ = write!(
                svg,
                r#"<path class="unplaced" stroke-width="{:.3}" d="M{:.2} {:.2}l{:.2} {:.2}m0 {:.2}l{:.2} {:.2}"><title>{id}: niet geplaatst</title></path>"#,
                unit * 1.4,
                p.x - d,
                -p.y - d,
                2.0 * d,
                2.0 * d,
                -2.0 * d,
                -2.0 * d,
                2.0 * d
            );
        }
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.7), 5.0);
        assert_eq!(nice_ceiling(41_282.0), 50_000.0);
        assert_eq!(nice_ceiling(2.2), 2.5);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn a_chart_has_a_title_and_one_polyline_per_series() {
        let svg = line_chart(
            "c",
            "Leerlingen <BAO>",
            &[Series {
                label: "BAO".into(),
                class: "s0",
                points: vec![(2020, 10.0), (2021, 12.0)],
            }],
            &count_label,
        );
        assert!(svg.contains("<title id=\"c-title\">Leerlingen &lt;BAO&gt;</title>"));
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
