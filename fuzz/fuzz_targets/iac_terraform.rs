//! Feeds arbitrary text as Terraform configuration: HCL native syntax
//! (`main.tf`) or, when the first byte is odd, Terraform JSON syntax
//! (`main.tf.json`) (`iac_common`).

#![no_main]

#[path = "iac_common.rs"]
mod iac_common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = match data.first() {
        Some(b) if b % 2 == 1 && b.is_ascii_digit() => "main.tf.json",
        _ => "main.tf",
    };
    iac_common::run(name, data);
});
