//! Semantic view: cloudfront (to be filled by its rules).
