//! Semantic view: efs (to be filled by its rules).
