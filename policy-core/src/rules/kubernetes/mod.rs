//! Kubernetes manifest rules, one per file.
