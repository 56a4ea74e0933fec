//! Every rubric rule of DESIGN §4, each broken once in a copy of the shipped rubric: the error
//! names the file, the line and the item, and says what was found and expected.

use cluster_review::rubric::{EMBEDDED_TEXT, parse};

/// The shipped rubric with the first `from` after `anchor` replaced by `to`.
fn broken(anchor: &str, from: &str, to: &str) -> String {
    let start = EMBEDDED_TEXT
        .find(anchor)
        .unwrap_or_else(|| panic!("anchor {anchor:?}"));
    let (head, tail) = EMBEDDED_TEXT.split_at(start);
    assert!(tail.contains(from), "{from:?} after {anchor:?}");
    format!("{head}{}", tail.replacen(from, to, 1))
}

/// 1-based line of the first line containing `needle` after `anchor`.
fn line_of(text: &str, anchor: &str, needle: &str) -> usize {
    let start = text
        .find(anchor)
        .unwrap_or_else(|| panic!("anchor {anchor:?}"));
    let offset = start
        + text[start..]
            .find(needle)
            .unwrap_or_else(|| panic!("needle {needle:?}"));
    text[..offset].matches('\n').count() + 1
}

/// Asserts the rubric is refused with an error at `line` about `item` containing `fragment`.
fn assert_refused(text: &str, line: usize, item: &str, fragment: &str) {
    let errors = parse("r.toml", text.as_bytes()).expect_err("must be refused");
    let found = errors.0.iter().any(|e| {
        e.file == "r.toml"
            && e.line == Some(line)
            && e.item.as_deref() == Some(item)
            && e.message.contains(fragment)
    });
    assert!(
        found,
        "expected r.toml:{line}: {item}: …{fragment}… in\n{errors}"
    );
}

#[test]
fn the_shipped_rubric_is_valid() {
    let rubric = parse("r.toml", EMBEDDED_TEXT.as_bytes()).expect("valid");
    assert_eq!(rubric.categories.len(), 4);
    assert_eq!(rubric.indicators().count(), 20);
}

#[test]
fn category_weights_must_add_up_to_the_total() {
    let text = broken("id = \"ecology\"", "weight = \"20\"", "weight = \"21\"");
    assert_refused(
        &text,
        line_of(&text, "total", "total"),
        "categories",
        "category weights add up to 101, expected the total 100",
    );
    // …and the ecology indicators then no longer fill their category
    assert_refused(
        &text,
        line_of(&text, "id = \"ecology\"", "weight"),
        "category \"ecology\"",
        "add up to 20, expected the category weight 21",
    );
}

#[test]
fn indicator_weights_must_add_up_to_their_category() {
    let text = broken("id = 10\n", "weight = \"8\"", "weight = \"7.5\"");
    assert_refused(
        &text,
        line_of(&text, "id = \"performance\"", "weight"),
        "category \"performance\"",
        "(9, 10, 11, 12, 13, 14) add up to 29.5, expected the category weight 30",
    );
}

#[test]
fn measure_shares_must_add_up_to_one() {
    let text = broken(
        "id = \"hightech_share\"",
        "share = \"0.5\"",
        "share = \"0.6\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = 5\n", "id = 5"),
        "indicator 5",
        "measure shares (hightech_count, hightech_share) add up to 1.1, expected 1",
    );
}

#[test]
fn ids_must_be_unique() {
    let text = broken("id = 20\n", "id = 20", "id = 19");
    assert_refused(
        &text,
        line_of(&text, "short = \"科技计划项目\"", "id = 19"),
        "indicator 19",
        "used twice",
    );
    let text = broken("id = \"gazelle\"", "id = \"gazelle\"", "id = \"unicorn\"");
    assert_refused(
        &text,
        line_of(&text, "name = \"当年获认定的瞪羚企业数\"", "name") - 1,
        "indicator 6 measure \"unicorn\"",
        "used twice",
    );
    let text = broken("id = \"ecology\"", "id = \"ecology\"", "id = \"policy\"");
    assert_refused(
        &text,
        line_of(&text, "name = \"产业生态\"", "name") - 1,
        "category \"policy\"",
        "used twice",
    );
}

#[test]
fn quantitative_indicators_need_measures_and_qualitative_ones_levels_and_a_step() {
    let text = broken(
        "id = 3\n",
        "kind = \"qualitative\"",
        "kind = \"quantitative\"",
    );
    let id_line = line_of(&text, "id = 3\n", "id = 3");
    assert_refused(
        &text,
        id_line,
        "indicator 3",
        "has no [[indicator.measure]]",
    );
    assert_refused(
        &text,
        line_of(&text, "id = 3\n", "step"),
        "indicator 3",
        "has a step",
    );
    let text = broken("id = 20\n", "step = \"0.5\"\n", "");
    assert_refused(
        &text,
        line_of(&text, "id = 20\n", "id = 20"),
        "indicator 20",
        "has no step",
    );
    let text = broken("id = 1\n", "step = \"0.5\"", "step = \"3\"");
    assert_refused(
        &text,
        line_of(&text, "id = 1\n", "step"),
        "indicator 1",
        "weight 8 is not a multiple of the step 3",
    );
}

#[test]
fn scoring_parameters_must_be_sane() {
    let text = broken("id = \"talents\"", "target = \"150\"", "target = \"0\"");
    let line = line_of(&text, "id = \"talents\"", "scoring");
    assert_refused(
        &text,
        line,
        "indicator 4 measure \"talents\"",
        "target 0 is not above floor 0",
    );
    let text = broken("id = \"leader_rank\"", "direction = \"lower\", ", "");
    assert_refused(
        &text,
        line_of(&text, "id = \"leader_rank\"", "scoring"),
        "indicator 7 measure \"leader_rank\"",
        "target 1 is not above floor 50",
    );
    let text = broken(
        "id = \"leader_rank\"",
        "direction = \"lower\"",
        "direction = \"down\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"leader_rank\"", "scoring"),
        "indicator 7 measure \"leader_rank\"",
        "direction is \"down\"",
    );
    let text = broken(
        "id = \"talents\"",
        "method = \"linear\"",
        "method = \"log\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "scoring"),
        "indicator 4 measure \"talents\"",
        "scoring method is \"log\"",
    );
    let text = broken(
        "id = \"standards\"",
        "{ at = \"10\", fraction = \"0.8\" }",
        "{ at = \"4\", fraction = \"0.8\" }",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"standards\"", "at = \"4\""),
        "indicator 13 measure \"standards\"",
        "band at 4 does not rise above the previous 5",
    );
    let text = broken(
        "id = \"standards\"",
        "fraction = \"0.8\"",
        "fraction = \"0.5\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"standards\"", "fraction = \"0.5\""),
        "indicator 13 measure \"standards\"",
        "makes a better figure earn less",
    );
    let text = broken(
        "id = \"standards\"",
        "fraction = \"1\"",
        "fraction = \"1.5\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"standards\"", "fraction = \"1.5\""),
        "indicator 13 measure \"standards\"",
        "outside 0–1",
    );
}

#[test]
fn level_ranges_must_lie_inside_the_weight_and_not_overlap() {
    let text = broken("id = 3\n", "max = \"4\"", "max = \"5\"");
    assert_refused(
        &text,
        line_of(&text, "id = 3\n", "name = \"优\""),
        "indicator 3 level \"优\"",
        "range 3.5–5 leaves [0, 4]",
    );
    let text = broken("id = 1\n", "max = \"6.5\"", "max = \"7\"");
    assert_refused(
        &text,
        line_of(&text, "id = 1\n", "name = \"优\""),
        "indicator 1",
        "levels \"良\" (5.5–7) and \"优\" (7–8) overlap",
    );
    let text = broken("id = 2\n", "min = \"4\"", "min = \"4.2\"");
    assert_refused(
        &text,
        line_of(&text, "id = 2\n", "name = \"中\""),
        "indicator 2 level \"中\"",
        "off the step 0.5",
    );
}

#[test]
fn derivations_must_exist_and_match_the_unit() {
    let text = broken(
        "id = \"talents\"",
        "derive = \"talents\"",
        "derive = \"talent\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "derive"),
        "indicator 4 measure \"talents\"",
        "derive is \"talent\", expected one of",
    );
    let text = broken("id = \"talents\"", "unit = \"人\"", "unit = \"名\"");
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "unit"),
        "indicator 4 measure \"talents\"",
        "yields 人",
    );
}

#[test]
fn references_and_panel_rules_are_checked() {
    let text = broken("id = 16\n", "category = \"ecology\"", "category = \"eco\"");
    assert_refused(
        &text,
        line_of(&text, "id = 16\n", "category"),
        "indicator 16",
        "category \"eco\" is not defined",
    );
    let text = broken("[panel]", "aggregate = \"trimmed\"", "aggregate = \"mode\"");
    assert_refused(
        &text,
        line_of(&text, "[panel]", "aggregate"),
        "panel",
        "aggregate is \"mode\"",
    );
    let text = broken(
        "[panel]",
        "justify_below = \"0.60\"",
        "justify_below = \"1.5\"",
    );
    assert_refused(
        &text,
        line_of(&text, "[panel]", "justify_below"),
        "panel",
        "expected a fraction from 0 to 1",
    );
}

#[test]
fn floats_unknown_fields_and_syntax_errors_name_the_line() {
    for (text, needle, fragment) in [
        (
            broken("id = 4\n", "weight = \"5\"", "weight = 5.0"),
            "weight = 5.0",
            "floats are inexact",
        ),
        (
            broken("id = 4\n", "unit = \"人\"", "unit = \"人\"\nwieght = \"1\""),
            "wieght",
            "unknown field `wieght`",
        ),
        (
            broken("id = 4\n", "unit = \"人\"", "unit = \"人"),
            "unit = \"人",
            "invalid basic string",
        ),
    ] {
        let errors = parse("r.toml", text.as_bytes()).expect_err("refused");
        let error = &errors.0[0];
        assert_eq!(
            error.line,
            Some(line_of(&text, "id = 4\n", needle)),
            "{error}"
        );
        assert!(error.message.contains(fragment), "{error}");
    }
    let errors = parse("r.toml", b"id = \"x\"\n\xFF").expect_err("not utf-8");
    assert!(errors.to_string().contains("not UTF-8"), "{errors}");
}

#[test]
fn weights_and_shares_must_be_positive_and_categories_filled() {
    let text = broken("id = \"policy\"", "weight = \"20\"", "weight = \"0\"");
    assert_refused(
        &text,
        line_of(&text, "id = \"policy\"", "weight"),
        "category \"policy\"",
        "weight is 0, expected more than 0",
    );
    let text = broken(
        "id = \"hightech_share\"",
        "share = \"0.5\"",
        "share = \"-0.5\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"hightech_share\"", "share = "),
        "indicator 5 measure \"hightech_share\"",
        "share is -0.5, expected more than 0",
    );
    let text = broken(
        "[[category]]",
        "[[category]]",
        "[[category]]\nid = \"empty\"\nname = \"空\"\nweight = \"1\"\n\n[[category]]",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"empty\"", "id"),
        "category \"empty\"",
        "has no indicators",
    );
}

#[test]
fn kinds_keep_to_their_own_fields() {
    let text = broken(
        "id = 1\n",
        "levels = [",
        "[[indicator.measure]]\nid = \"x\"\nname = \"x\"\nunit = \"件\"\nshare = \"1\"\nscoring = { method = \"linear\", floor = \"0\", target = \"1\" }\n\n[indicator]\nlevels = [",
    );
    assert!(
        parse("r.toml", text.as_bytes()).is_err(),
        "a measure inside a qualitative indicator is refused"
    );
    let text = broken(
        "id = 4\n",
        "definition = ",
        "levels = [ { name = \"优\", min = \"4\", max = \"5\", text = \"x\" } ]\ndefinition = ",
    );
    assert_refused(
        &text,
        line_of(&text, "id = 4\n", "levels"),
        "indicator 4",
        "a quantitative indicator has levels",
    );
    let text = broken("id = 2\n", "{ name = \"中\"", "{ name = \"良\"");
    assert_refused(
        &text,
        line_of(&text, "id = 2\n", "min = \"4\""),
        "indicator 2 level \"良\"",
        "the level name is used twice",
    );
}

#[test]
fn every_scoring_method_needs_its_own_parameters() {
    let text = broken("id = \"talents\"", "floor = \"0\", ", "");
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "scoring"),
        "indicator 4 measure \"talents\"",
        "linear scoring needs both floor and target",
    );
    let text = broken(
        "id = \"standards\"",
        "bureau_default = true\n",
        "bureau_default = true\nfloor = \"0\"\n",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"standards\"", "method"),
        "indicator 13 measure \"standards\"",
        "bands scoring has floor or target",
    );
    let start = EMBEDDED_TEXT.find("id = \"standards\"").expect("standards");
    let bands_start = start + EMBEDDED_TEXT[start..].find("bands = [").expect("bands");
    let bands_end = bands_start + EMBEDDED_TEXT[bands_start..].find("]\n\n").expect("end") + 1;
    let text = format!(
        "{}bands = []{}",
        &EMBEDDED_TEXT[..bands_start],
        &EMBEDDED_TEXT[bands_end..]
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"standards\"", "method"),
        "indicator 13 measure \"standards\"",
        "bands scoring has no bands",
    );
    let text = broken(
        "id = \"talents\"",
        "scoring = { method = \"linear\", floor = \"0\", target = \"150\"",
        "scoring = { method = \"linear\", floor = \"0\", target = \"150\", bands = []",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "scoring"),
        "indicator 4 measure \"talents\"",
        "linear scoring has bands",
    );
}

#[test]
fn panel_limits_ids_and_magnitudes() {
    let text = broken("[panel]", "divergence = \"0.30\"", "divergence = \"0\"");
    assert_refused(
        &text,
        line_of(&text, "[panel]", "divergence"),
        "panel",
        "divergence is 0, expected more than 0",
    );
    let text = broken("id = \"talents\"", "id = \"talents\"", "id = \"人才 数\"");
    assert_refused(
        &text,
        line_of(&text, "id = \"人才 数\"", "id"),
        "indicator 4 measure \"人才 数\"",
        "is not made of letters, digits",
    );
    let text = broken(
        "id = \"talents\"",
        "target = \"150\"",
        "target = \"10000000000000000\"",
    );
    let errors = parse("r.toml", text.as_bytes()).expect_err("too large");
    assert!(
        errors.to_string().contains("no larger than 10^15"),
        "{errors}"
    );
}

/// 功效系数法 (`efficacy`) is validated as the other floor/target methods: both parameters,
/// target above the floor (below with `direction = "lower"`), no bands.
#[test]
fn efficacy_needs_a_floor_and_a_target_in_the_direction() {
    let valid = broken(
        "id = \"talents\"",
        "method = \"linear\"",
        "method = \"efficacy\"",
    );
    let rubric = parse("r.toml", valid.as_bytes()).expect("efficacy is a method");
    let talents = rubric
        .measures()
        .find(|m| m.id == "talents")
        .expect("talents");
    assert_eq!(talents.scoring.method.as_str(), "efficacy");
    let text = broken(
        "id = \"talents\"",
        "method = \"linear\", floor = \"0\", target = \"150\"",
        "method = \"efficacy\", floor = \"150\", target = \"150\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "scoring"),
        "indicator 4 measure \"talents\"",
        "target 150 is not above floor 150",
    );
    let text = broken(
        "id = \"talents\"",
        "method = \"linear\", floor = \"0\", target = \"150\"",
        "method = \"efficacy\", floor = \"0\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"talents\"", "scoring"),
        "indicator 4 measure \"talents\"",
        "efficacy scoring needs both floor and target",
    );
    let text = broken(
        "id = \"leader_rank\"",
        "method = \"linear\", direction = \"lower\", floor = \"50\", target = \"1\"",
        "method = \"efficacy\", direction = \"lower\", floor = \"1\", target = \"50\"",
    );
    assert_refused(
        &text,
        line_of(&text, "id = \"leader_rank\"", "scoring"),
        "indicator 7 measure \"leader_rank\"",
        "target 50 is not below floor 1",
    );
}

/// A decimal that `Decimal` cannot hold exactly (29 significant digits) is refused, as a CSV
/// cell is, instead of being rounded to 8 and making the weights add up only after rounding.
#[test]
fn a_decimal_beyond_exact_precision_is_refused() {
    let text = broken(
        "id = \"policy\"",
        "weight = \"20\"",
        "weight = \"20.0000000000000000000000000001\"",
    );
    let errors = parse("r.toml", text.as_bytes()).expect_err("inexact");
    let message = errors.to_string();
    assert!(
        message.contains("20.0000000000000000000000000001"),
        "{message}"
    );
    assert!(message.contains("exactly"), "{message}");
    let text = broken(
        "id = 1",
        "weight = \"8\"",
        "weight = \"8.0000000000000000000000000001\"",
    );
    let errors = parse("r.toml", text.as_bytes()).expect_err("inexact");
    assert!(
        errors
            .0
            .iter()
            .any(|e| e.line == Some(line_of(&text, "id = 1", "weight"))
                && e.message.contains("8.0000000000000000000000000001")),
        "{errors}"
    );
    // 28 significant digits are held exactly and accepted as such
    let text = broken(
        "[panel]",
        "divergence = \"0.30\"",
        "divergence = \"0.3000000000000000000000000001\"",
    );
    let rubric = parse("r.toml", text.as_bytes()).expect("28 digits are exact");
    assert_eq!(
        rubric.panel.divergence.to_string(),
        "0.3000000000000000000000000001"
    );
}
