//! Programs the typed AVP API must reject at compile time, each with the
//! error rustc gives (`compile_fail/*.stderr`; `TRYBUILD=overwrite`
//! regenerates them).

#[test]
fn typed_avps_reject_values_of_another_type() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
