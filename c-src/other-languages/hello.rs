// hello.rs: the Rust twin of hello.go. Rust's standard library calls the
// C library for many things (threads, memory, files, name lookups); on Linux
// the default target, x86_64-unknown-linux-gnu, links it against glibc.
use std::thread;

fn main() {
    // a thread: pthread_create in the C library underneath
    let worker = thread::spawn(|| 6 * 7);
    let answer = worker.join().expect("the worker thread panicked");
    println!("hello from Rust: the worker thread says {}", answer);
}
