//! The `diameter` command-line program.
fn main() {}
