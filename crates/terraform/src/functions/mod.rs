//! Terraform's built-in functions.
