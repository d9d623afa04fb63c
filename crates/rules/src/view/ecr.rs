//! Semantic view: ecr (to be filled by its rules).
