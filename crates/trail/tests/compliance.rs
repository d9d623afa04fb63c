//! Every trail detection declares the compliance controls it gives evidence on, and they exist.

use driftguard_trail::findings::{controls, DETECTIONS, OUT_OF_BAND_RULE, UNSANCTIONED_IAC_RULE};

#[test]
fn every_detection_maps_to_defined_controls_including_iso27001() {
    assert_eq!(DETECTIONS.len(), 2);
    for d in DETECTIONS {
        let problems = d.compliance.problems();
        assert!(problems.is_empty(), "{}: {problems:?}", d.id);
    }
}

#[test]
fn out_of_band_changes_concern_change_access_and_logging() {
    let refs = controls(OUT_OF_BAND_RULE);
    for expected in ["iso27001:A.8.32", "iso27001:A.5.15", "iso27001:A.8.15"] {
        assert!(
            refs.iter().any(|r| r == expected),
            "lacks {expected}: {refs:?}"
        );
    }
    // An IaC run outside the pipeline breaks the separation of duties.
    assert!(controls(UNSANCTIONED_IAC_RULE).contains(&"iso27001:A.5.3".to_string()));
    assert!(controls("no-such-rule").is_empty());
}
