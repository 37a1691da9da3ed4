//! Key derivation: the generic KDF of 3GPP TS 33.220 Annex B.2 and the
//! derivation of K_ASME from CK and IK (TS 33.401 Annex A.2).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// FC of the K_ASME derivation (TS 33.401 Annex A.2).
const FC_KASME: u8 = 0x10;

/// The generic KDF (TS 33.220 Annex B.2): HMAC-SHA-256 keyed with `key`
/// over S = FC ‖ P0 ‖ L0 ‖ P1 ‖ L1 ‖ …, each Li the length of Pi in two octets.
pub fn kdf(key: &[u8], fc: u8, params: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length: `new_from_slice` cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(&[fc]);
    for p in params {
        mac.update(p);
        mac.update(&(p.len() as u16).to_be_bytes());
    }
    mac.finalize().into_bytes().into()
}

/// K_ASME = KDF(CK ‖ IK, FC = 0x10, P0 = serving network id (the
/// PLMN id, 3 octets), P1 = SQN ⊕ AK) (TS 33.401 Annex A.2).
pub fn kasme(ck: &[u8; 16], ik: &[u8; 16], plmn: &[u8; 3], sqn_xor_ak: &[u8; 6]) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(ck);
    key[16..].copy_from_slice(ik);
    kdf(&key, FC_KASME, &[plmn, sqn_xor_ak])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s6a::milenage::tests::hex;

    #[test]
    fn kasme_of_test_set_1_keys() {
        // CK and IK of TS 35.208 test set 1, PLMN 024830 (MCC 208, MNC 93),
        // SQN fd8eef40df7d and AK aa689c648370: the vector open5gs' HSS is
        // tested with.
        let sqn = hex::<6>("fd8eef40df7d");
        let ak = hex::<6>("aa689c648370");
        let mut sqn_ak = [0; 6];
        for i in 0..6 {
            sqn_ak[i] = sqn[i] ^ ak[i];
        }
        let k = kasme(
            &hex("b40ba9a3c58b2a05bbf0d987b21bf8cb"),
            &hex("f769bcd751044604127672711c6d3441"),
            &hex("024830"),
            &sqn_ak,
        );
        assert_eq!(
            k,
            hex::<32>("238e457e0f758badbca8d34bb2612c10428d426757cb5553b2b184fa64bfc549")
        );
    }
}
