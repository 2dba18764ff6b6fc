//! The budget as an Excel workbook: one sheet with every line, one with the allocation
//! per school, one per board, and for several years an overview. Amounts are written as
//! numbers with a euro format, so the sheets add up in the spreadsheet too.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::dto::budget::BudgetDto;

fn amount(plain: &str) -> f64 {
    // Exact to the cent for every amount below 2^53 cents (90 billion euros).
    plain.parse().unwrap_or(0.0)
}

fn header(sheet: &mut Worksheet, bold: &Format, titles: &[&str]) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A workbook for one or more budgets (scenarios side by side become extra rows with
/// their scenario's name).
pub fn budget_workbook(dtos: &[BudgetDto]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let euro = Format::new().set_num_format("€ #,##0.00;-€ #,##0.00");

    let sheet = book.add_worksheet();
    sheet.set_name("Begroting")?;
    header(
        sheet,
        &bold,
        &[
            "Scenario",
            "Jaar",
            "Code",
            "Omschrijving",
            "Aantal",
            "Grondslag aantal",
            "Bedrag per leerling",
            "Status bedrag",
            "Bron bedrag",
            "Bedrag",
            "Regel",
        ],
    )?;
    let mut row = 1u32;
    for dto in dtos {
        for y in &dto.years {
            for l in &y.lines {
                sheet.write_string(row, 0, &dto.scenario)?;
                sheet.write_number(row, 1, f64::from(y.year))?;
                sheet.write_string(row, 2, &l.code)?;
                sheet.write_string(row, 3, &l.label)?;
                if let Some(c) = l.count {
                    sheet.write_number(row, 4, c as f64)?;
                }
                sheet.write_string(row, 5, l.count_basis.as_deref().unwrap_or(""))?;
                if let Some(r) = &l.rate {
                    sheet.write_number_with_format(row, 6, amount(r), &euro)?;
                }
                sheet.write_string(row, 7, l.rate_status_label.as_deref().unwrap_or(""))?;
                sheet.write_string(row, 8, l.rate_source.as_deref().unwrap_or(""))?;
                sheet.write_number_with_format(row, 9, amount(&l.amount), &euro)?;
                sheet.write_string(row, 10, &l.rule)?;
                row += 1;
            }
            for (label, value) in [
                ("Totaal van DUO", &y.total),
                ("Totale baten", &y.total_income),
                ("Signaleringswaarde reserves", &y.signalling_value),
            ] {
                sheet.write_string(row, 0, &dto.scenario)?;
                sheet.write_number(row, 1, f64::from(y.year))?;
                sheet.write_string_with_format(row, 3, label, &bold)?;
                sheet.write_number_with_format(row, 9, amount(value), &euro)?;
                row += 1;
            }
        }
    }
    sheet.set_column_width(3, 60)?;
    sheet.set_column_width(8, 40)?;
    sheet.set_column_width(9, 18)?;

    let sheet = book.add_worksheet();
    sheet.set_name("Verdeling scholen")?;
    header(
        sheet,
        &bold,
        &[
            "Scenario",
            "Jaar",
            "Vestiging",
            "Naam",
            "Bestuur",
            "Soort",
            "Leerlingen",
            "Gewicht",
            "Vast",
            "Variabel",
            "Totaal",
        ],
    )?;
    let mut row = 1u32;
    for dto in dtos {
        for y in &dto.years {
            for s in &y.allocation.schools {
                sheet.write_string(row, 0, &dto.scenario)?;
                sheet.write_number(row, 1, f64::from(y.year))?;
                sheet.write_string(row, 2, &s.vestiging)?;
                sheet.write_string(row, 3, &s.name)?;
                sheet.write_string(row, 4, s.board.as_deref().unwrap_or(""))?;
                sheet.write_string(row, 5, &s.kind)?;
                sheet.write_number(row, 6, s.pupils as f64)?;
                sheet.write_number(row, 7, s.weight.parse().unwrap_or(1.0))?;
                sheet.write_number_with_format(row, 8, amount(&s.fixed), &euro)?;
                sheet.write_number_with_format(row, 9, amount(&s.variable), &euro)?;
                sheet.write_number_with_format(row, 10, amount(&s.total), &euro)?;
                row += 1;
            }
        }
    }
    sheet.set_column_width(3, 40)?;

    let sheet = book.add_worksheet();
    sheet.set_name("Verdeling besturen")?;
    header(sheet, &bold, &["Scenario", "Jaar", "Bestuur", "Totaal"])?;
    let mut row = 1u32;
    for dto in dtos {
        for y in &dto.years {
            for b in &y.allocation.boards {
                sheet.write_string(row, 0, &dto.scenario)?;
                sheet.write_number(row, 1, f64::from(y.year))?;
                sheet.write_string(
                    row,
                    2,
                    b.board.as_deref().unwrap_or("zonder bekend bestuur"),
                )?;
                sheet.write_number_with_format(row, 3, amount(&b.total), &euro)?;
                row += 1;
            }
            // What is not allocated to a school: the pots and the SWV's own share.
            let pots: f64 = y.allocation.pots.iter().map(|p| amount(&p.amount)).sum();
            sheet.write_string(row, 0, &dto.scenario)?;
            sheet.write_number(row, 1, f64::from(y.year))?;
            sheet.write_string(row, 2, "potjes en samenwerkingsverband")?;
            sheet.write_number_with_format(
                row,
                3,
                ((pots + amount(&y.allocation.swv_kept)) * 100.0).round() / 100.0,
                &euro,
            )?;
            row += 1;
        }
    }

    let sheet = book.add_worksheet();
    sheet.set_name("Meerjarig")?;
    header(
        sheet,
        &bold,
        &[
            "Scenario",
            "Jaar",
            "Lichte ondersteuning",
            "Zware ondersteuning",
            "Aftrek door DUO",
            "Totaal van DUO",
            "Totale baten",
            "Naar scholen",
            "Signaleringswaarde",
            "Eigen vermogen eind",
            "Prognose of schatting",
        ],
    )?;
    let mut row = 1u32;
    for dto in dtos {
        for y in &dto.years {
            let schools: f64 = y.allocation.schools.iter().map(|s| amount(&s.total)).sum();
            sheet.write_string(row, 0, &dto.scenario)?;
            sheet.write_number(row, 1, f64::from(y.year))?;
            sheet.write_number_with_format(row, 2, amount(&y.lichte), &euro)?;
            sheet.write_number_with_format(row, 3, amount(&y.zware), &euro)?;
            sheet.write_number_with_format(row, 4, -amount(&y.deductions), &euro)?;
            sheet.write_number_with_format(row, 5, amount(&y.total), &euro)?;
            sheet.write_number_with_format(row, 6, amount(&y.total_income), &euro)?;
            sheet.write_number_with_format(row, 7, (schools * 100.0).round() / 100.0, &euro)?;
            sheet.write_number_with_format(row, 8, amount(&y.signalling_value), &euro)?;
            if let Some(e) = &y.equity_end {
                sheet.write_number_with_format(row, 9, amount(e), &euro)?;
            }
            sheet.write_string(row, 10, if y.uses_prognosis { "ja" } else { "nee" })?;
            row += 1;
        }
    }
    for col in 2..10 {
        sheet.set_column_width(col, 18)?;
    }
    book.save_to_buffer()
}
