//! The `seaworthy` command line.

fn main() {
    println!("seaworthy {}", policy_core::VERSION);
}
