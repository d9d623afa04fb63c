//! Semantic view: messaging (to be filled by its rules).
