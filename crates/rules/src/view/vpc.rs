//! Semantic view: vpc (to be filled by its rules).
