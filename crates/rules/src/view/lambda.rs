//! Semantic view: lambda (to be filled by its rules).
