//! Feeds arbitrary text as a Terraform plan (`terraform show -json`) or a
//! CloudFormation JSON template, whichever the content makes it
//! (`iac_common`).

#![no_main]

#[path = "iac_common.rs"]
mod iac_common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    iac_common::run("plan.json", data);
});
