//! Tests of the per-SWV figures.

use super::*;
use crate::testkit;

const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA pupils=2024:380,2025:400
school 00AB00 bao 9401AB pupils=2024:190,2025:<5
school 00AC00 sbo 9401AC pupils=2024:30,2025:50
school 00AD00 so 9401AD cluster=3 offer=\"SO ZMLK\" pupils=2025:20
school 00AE00 so-vso 9401AE cluster=4 offer=\"SO ZMOK + VSO ZMOK\" pupils=2023:90,2025:100
school 00AF00 bao 9401AF status=closed pupils=2024:70,2025:0
school 00AG00 vo 9401AG structure=HAVO/VWO pupils=2023:900
school 00AH00 vso 9401AH cluster=4 offer=\"VSO ZMOK\" pupils=2023:100,2025:110
";

#[test]
fn groups_count_open_schools_and_pupils_at_the_newest_peildatum() {
    let register = testkit::register(FIXTURE);
    let summary = summarise(&register, SwvCode::parse("PO2201").unwrap());
    let bao = summary.group(KindGroup::Bao).unwrap();
    assert_eq!(bao.open, 2);
    assert_eq!(
        bao.pupils,
        PupilTotal {
            exact: 400,
            suppressed: 1
        }
    );
    assert_eq!(bao.peildatum, Some(Peildatum::october_first(2025)));
    assert_eq!(summary.open_total(), 5);

    // A VO SWV counts every group at the VO date, so its totals add up.
    let vo = summarise(&register, SwvCode::parse("VO2201").unwrap());
    let vso = vo.group(KindGroup::Vso).unwrap();
    assert_eq!(
        (vso.peildatum, vso.pupils.exact),
        (Some(Peildatum::october_first(2023)), 100)
    );
}

#[test]
fn participation_follows_the_kijkglas_formulas() {
    let register = testkit::register(FIXTURE);
    let summary = summarise(&register, SwvCode::parse("PO2201").unwrap());
    let pct: Vec<(&str, String)> = summary
        .participation
        .iter()
        .map(|p| (p.key, format!("{:.2}", p.percent().unwrap())))
        .collect();
    // SBO = 50 / (400 + 50); SO = 20 / 450; with SO/VSO = 120 / 450.
    assert_eq!(
        pct,
        [
            ("sbo", "11.11".into()),
            ("so", "4.44".into()),
            ("so_incl_so_vso", "26.67".into())
        ]
    );

    let vo = summarise(&register, SwvCode::parse("VO2201").unwrap());
    let pct: Vec<(&str, String)> = vo
        .participation
        .iter()
        .map(|p| (p.key, format!("{:.2}", p.percent().unwrap())))
        .collect();
    // At the VO date (2023): VSO = 100 / (900 + 100); with SO/VSO = 190 / 1090.
    assert_eq!(
        pct,
        [("vso", "10.00".into()), ("vso_incl_so_vso", "17.43".into())]
    );
}

#[test]
fn the_series_includes_closed_schools_for_their_past_years() {
    let register = testkit::register(FIXTURE);
    let summary = summarise(&register, SwvCode::parse("PO2201").unwrap());
    let y2024 = summary
        .series
        .iter()
        .find(|y| y.peildatum == Peildatum::october_first(2024))
        .unwrap();
    assert_eq!(y2024.totals[&KindGroup::Bao].exact, 380 + 190 + 70);
}

#[test]
fn boards_are_listed_with_their_open_vestigingen() {
    let register = testkit::register(
        "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA board=41414
school 00AB00 bao 9401AB board=41414
school 00AC00 sbo 9401AC board=20001
school 00AD00 bao 9401AD board=20001 status=closed
school 00AE00 bao 9401AE
",
    );
    let summary = summarise(&register, SwvCode::parse("PO2201").unwrap());
    let boards: Vec<(u32, usize)> = summary
        .boards
        .iter()
        .map(|b| (b.board.get(), b.open_total()))
        .collect();
    assert_eq!(boards, [(41414, 2), (20001, 1)]);
    assert_eq!(summary.without_board, 1);
}

#[test]
fn yearly_rates_and_national_groups() {
    let register = testkit::register(FIXTURE);
    let summary = summarise(&register, SwvCode::parse("PO2201").unwrap());
    let sbo: Vec<(i16, String)> = yearly_rate(&summary.series, KindGroup::Sbo)
        .iter()
        .map(|(p, r)| (p.year(), format!("{r:.2}")))
        .collect();
    // 2024: 30 / (380 + 190 + 70 + 30); 2025: 50 / (400 + 50). 2023 has no BAO or SBO.
    assert_eq!(sbo, [(2024, "4.48".to_owned()), (2025, "11.11".to_owned())]);
    assert_eq!(
        summary.pupils(),
        PupilTotal {
            exact: 570,
            suppressed: 1
        }
    );

    let groups = national_groups(&register);
    let vso = groups.iter().find(|g| g.group == KindGroup::Vso).unwrap();
    // VSO is counted by the PO history, at its newest date (2025), not the VO date.
    assert_eq!(
        (vso.peildatum, vso.pupils.exact),
        (Some(Peildatum::october_first(2025)), 110)
    );
    let vo = groups.iter().find(|g| g.group == KindGroup::Vo).unwrap();
    assert_eq!(
        (vo.peildatum, vo.pupils.exact),
        (Some(Peildatum::october_first(2023)), 900)
    );
}
