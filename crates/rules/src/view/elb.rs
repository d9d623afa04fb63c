//! Semantic view: elb (to be filled by its rules).
