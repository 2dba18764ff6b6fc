//! Tests of identifier parsing against the spellings found in the DUO files.

use super::*;

#[track_caller]
fn check_vestiging(input: &str, expected: Option<&str>) {
    let got = VestigingCode::parse(input).ok().map(|v| v.to_string());
    assert_eq!(got.as_deref(), expected, "input {input:?}");
}

#[test]
fn vestiging_codes_are_brin_plus_two_digits() {
    check_vestiging("00AO01", Some("00AO01"));
    check_vestiging(" 32jk00 ", Some("32JK00"));
    check_vestiging("00AO1", None);
    check_vestiging("00AO0A", None);
    check_vestiging("0AAO01", None);
    check_vestiging("00AO011", None);
    check_vestiging("", None);
    check_vestiging("  ", None);
}

#[test]
fn vestiging_codes_from_split_columns_are_zero_padded() {
    let code = VestigingCode::from_parts("00PG", "2").unwrap();
    assert_eq!(code.to_string(), "00PG02");
    assert_eq!(code.brin().to_string(), "00PG");
    assert_eq!(code.number(), 2);
    assert_eq!(VestigingCode::from_parts("00PG", "02").unwrap(), code);
    assert!(VestigingCode::from_parts("00PG", "123").is_err());
    assert!(VestigingCode::from_parts("00PG", "").is_err());
}

#[test]
fn gemeentecodes_with_and_without_padding_are_equal() {
    let padded = GemeenteCode::parse("0106").unwrap();
    assert_eq!(GemeenteCode::parse("106").unwrap(), padded);
    assert_eq!(GemeenteCode::parse("GM0106").unwrap(), padded);
    assert_eq!(padded.to_string(), "0106");
    assert!(GemeenteCode::parse("0").is_err());
    assert!(GemeenteCode::parse("12345").is_err());
    assert!(GemeenteCode::parse(" ").is_err());
}

#[test]
fn postcodes_with_and_without_space_are_equal() {
    let a = Postcode::parse("9406 NN").unwrap();
    assert_eq!(Postcode::parse("9406NN").unwrap(), a);
    assert_eq!(Postcode::parse("9406nn").unwrap(), a);
    assert_eq!(a.to_string(), "9406 NN");
    assert_eq!(a.pc4().get(), 9406);
    assert!(Postcode::parse("0406 NN").is_err());
    assert!(Postcode::parse("9406 N1").is_err());
    assert!(Postcode::parse("").is_err());
}

#[test]
fn board_numbers_are_positive_numbers() {
    assert_eq!(BoardNumber::parse(" 41414 ").unwrap().get(), 41414);
    assert!(BoardNumber::parse("").is_err());
    assert!(BoardNumber::parse("0").is_err());
    assert!(BoardNumber::parse("12a").is_err());
}

#[test]
fn errors_are_dutch_and_name_the_value() {
    let err = VestigingCode::parse("XYZ").unwrap_err().to_string();
    assert_eq!(
        err,
        "ongeldige vestigingscode 'XYZ': verwacht BRIN plus twee cijfers, zoals 00AO01"
    );
}
