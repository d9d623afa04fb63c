//! Semantic view: opensearch (to be filled by its rules).
