//! Kubernetes manifest rules, one per file.

pub mod duplicate_object;
