//! Every drift class declares the compliance controls it gives evidence on, and they exist.

use driftguard_drift::DriftClass;

#[test]
fn every_drift_class_maps_to_defined_controls_including_iso27001() {
    for class in DriftClass::ALL {
        let problems = class.compliance().problems();
        assert!(problems.is_empty(), "{}: {problems:?}", class.check_id());
    }
}

#[test]
fn drift_is_configuration_and_change_management() {
    for class in DriftClass::ALL {
        let refs = class.controls();
        for expected in ["iso27001:A.8.9", "iso27001:A.8.32", "iso27001:A.8.16"] {
            assert!(
                refs.iter().any(|r| r == expected),
                "{} lacks {expected}: {refs:?}",
                class.check_id()
            );
        }
    }
    // A resource nobody declared is an inventory gap.
    assert!(DriftClass::Unmanaged
        .controls()
        .contains(&"iso27001:A.5.9".to_string()));
}
