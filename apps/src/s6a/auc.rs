//! The authentication centre (3GPP TS 33.102 §6.3) for E-UTRAN (TS 33.401
//! §6.1): authentication vectors, sequence numbers and re-synchronisation,
//! and the USIM's side of the same exchange for clients and tests.

use super::kdf;
use super::milenage::{Block, Milenage};

/// The largest sequence number: SQN has 48 bits (TS 33.102 §6.3.2).
pub const SQN_MAX: u64 = (1 << 48) - 1;
/// Bits of IND, the low part of SQN = SEQ ‖ IND (TS 33.102 Annex C.1.1.2).
const IND_BITS: u32 = 5;

/// One E-UTRAN authentication vector (TS 33.401 §6.1.2; TS 29.272 §7.3.18).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EutranVector {
    /// The random challenge.
    pub rand: Block,
    /// The expected response, f2(RAND).
    pub xres: [u8; 8],
    /// The authentication token SQN ⊕ AK ‖ AMF ‖ MAC-A.
    pub autn: Block,
    /// The key of the access security management entity.
    pub kasme: [u8; 32],
}

/// RANDs (TS 33.102 §6.3.2) from the operating system's random source,
/// fetched 256 at a time rather than with a system call each.
#[derive(Debug)]
pub struct Rands {
    pool: Box<[Block; 256]>,
    used: usize,
}

impl Default for Rands {
    fn default() -> Self {
        let pool = Box::new([[0; 16]; 256]);
        let used = pool.len();
        Self { pool, used }
    }
}

impl Rands {
    /// A fresh RAND; `None` when the operating system has no random bytes.
    pub fn draw(&mut self) -> Option<Block> {
        if self.used == self.pool.len() {
            getrandom::fill(self.pool.as_flattened_mut()).ok()?;
            self.used = 0;
        }
        let rand = self.pool.get_mut(self.used)?;
        self.used += 1;
        // Not kept once handed out.
        Some(std::mem::take(rand))
    }
}

/// SQN as its six octets.
pub fn sqn_bytes(sqn: u64) -> [u8; 6] {
    let b = (sqn & SQN_MAX).to_be_bytes();
    [b[2], b[3], b[4], b[5], b[6], b[7]]
}

/// The value of a six-octet SQN.
pub fn sqn_value(b: &[u8; 6]) -> u64 {
    u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]])
}

/// The SQN following `sqn` in the scheme of TS 33.102 Annex C.1.1.2 and
/// C.3.2: SEQ goes up by one and the index IND moves to the next of its 32
/// slots, so that each vector is fresh for the USIM's array of SEQ values.
pub fn next_sqn(sqn: u64) -> u64 {
    let seq = (sqn >> IND_BITS) + 1;
    let ind = ((sqn & 31) + 1) & 31;
    ((seq << IND_BITS) | ind) & SQN_MAX
}

fn xor6(a: &[u8; 6], b: &[u8; 6]) -> [u8; 6] {
    let mut out = *a;
    for (o, b) in out.iter_mut().zip(b) {
        *o ^= b;
    }
    out
}

/// The vector for `rand` and `sqn` (TS 33.102 §6.3.2, TS 33.401 Annex A.2):
/// AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A, K_ASME bound to the serving network `plmn`.
pub fn eutran_vector(
    m: &Milenage,
    rand: &Block,
    sqn: u64,
    amf: &[u8; 2],
    plmn: &[u8; 3],
) -> EutranVector {
    let sqn = sqn_bytes(sqn);
    let mac_a = m.f1(rand, &sqn, amf);
    let out = m.f2345(rand);
    let concealed = xor6(&sqn, &out.ak);
    let mut autn = [0u8; 16];
    autn[..6].copy_from_slice(&concealed);
    autn[6..8].copy_from_slice(amf);
    autn[8..].copy_from_slice(&mac_a);
    EutranVector {
        rand: *rand,
        xres: out.res,
        autn,
        kasme: kdf::kasme(&out.ck, &out.ik, plmn, &concealed),
    }
}

/// The AMF of MAC-S: a dummy value of all zeros (TS 33.102 §6.3.3).
const RESYNC_AMF: [u8; 2] = [0, 0];

/// Re-synchronisation (TS 33.102 §6.3.5): recovers SQN_MS from
/// AUTS = SQN_MS ⊕ AK* ‖ MAC-S with f5*, and returns it when MAC-S =
/// f1*(SQN_MS, RAND, AMF = 0) verifies; `None` when it does not.
pub fn resync(m: &Milenage, rand: &Block, auts: &[u8; 14]) -> Option<u64> {
    let (concealed, mac_s) = auts.split_at(6);
    let concealed: [u8; 6] = concealed.try_into().ok()?;
    let sqn_ms = xor6(&concealed, &m.f5_star(rand));
    (m.f1_star(rand, &sqn_ms, &RESYNC_AMF) == mac_s).then(|| sqn_value(&sqn_ms))
}

/// What a USIM computes from an accepted challenge (TS 33.102 §6.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    /// The sequence number the network used.
    pub sqn: u64,
    /// RES, to compare with XRES.
    pub res: [u8; 8],
    /// CK.
    pub ck: Block,
    /// IK.
    pub ik: Block,
}

/// Why a USIM rejects a challenge (TS 33.102 §6.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// MAC-A does not verify: the network is not authentic.
    MacFailure,
    /// SQN is not fresh: the USIM answers with this AUTS.
    SyncFailure([u8; 14]),
}

/// The USIM's side of authentication: its keys and the highest SQN it accepted.
#[derive(Debug, Clone)]
pub struct Usim {
    milenage: Milenage,
    /// The highest SQN accepted so far (SQN_MS).
    pub sqn_ms: u64,
}

impl Usim {
    /// A USIM with `k`, `opc` and the highest accepted SQN `sqn_ms`.
    pub fn new(k: &Block, opc: &Block, sqn_ms: u64) -> Self {
        Self {
            milenage: Milenage::new(k, opc),
            sqn_ms,
        }
    }

    /// Checks AUTN for `rand` (TS 33.102 §6.3.3): MAC-A, then freshness (a
    /// SQN above SQN_MS, the simple form of Annex C.2). An accepted SQN
    /// becomes SQN_MS.
    ///
    /// # Errors
    /// [`Rejection::MacFailure`], or [`Rejection::SyncFailure`] with the
    /// AUTS for re-synchronisation.
    pub fn authenticate(&mut self, rand: &Block, autn: &Block) -> Result<Response, Rejection> {
        let m = &self.milenage;
        let out = m.f2345(rand);
        let (concealed, rest) = autn.split_at(6);
        let (amf, mac_a) = rest.split_at(2);
        let concealed: [u8; 6] = concealed.try_into().map_err(|_| Rejection::MacFailure)?;
        let amf: [u8; 2] = amf.try_into().map_err(|_| Rejection::MacFailure)?;
        let sqn = xor6(&concealed, &out.ak);
        if m.f1(rand, &sqn, &amf) != mac_a {
            return Err(Rejection::MacFailure);
        }
        let sqn = sqn_value(&sqn);
        if sqn <= self.sqn_ms {
            return Err(Rejection::SyncFailure(self.auts(rand)));
        }
        self.sqn_ms = sqn;
        Ok(Response {
            sqn,
            res: out.res,
            ck: out.ck,
            ik: out.ik,
        })
    }

    /// AUTS = SQN_MS ⊕ AK* ‖ f1*(SQN_MS, RAND, AMF = 0) (TS 33.102 §6.3.3).
    pub fn auts(&self, rand: &Block) -> [u8; 14] {
        let sqn_ms = sqn_bytes(self.sqn_ms);
        let mut auts = [0u8; 14];
        auts[..6].copy_from_slice(&xor6(&sqn_ms, &self.milenage.f5_star(rand)));
        auts[6..].copy_from_slice(&self.milenage.f1_star(rand, &sqn_ms, &RESYNC_AMF));
        auts
    }

    /// K_ASME from an accepted challenge, as the UE derives it (TS 33.401 Annex A.2).
    pub fn kasme(&self, response: &Response, rand: &Block, plmn: &[u8; 3]) -> [u8; 32] {
        let ak = self.milenage.f2345(rand).ak;
        let concealed = xor6(&sqn_bytes(response.sqn), &ak);
        kdf::kasme(&response.ck, &response.ik, plmn, &concealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rands_differ_across_refills_and_are_not_kept() {
        let mut rands = Rands::default();
        let drawn: Vec<Block> = (0..600).map(|_| rands.draw().unwrap()).collect();
        let distinct: std::collections::HashSet<_> = drawn.iter().collect();
        assert_eq!(distinct.len(), 600);
        assert_eq!(rands.used, 600 - 512);
        assert!(rands.pool[..rands.used].iter().all(|r| *r == [0; 16]));
    }
    use crate::s6a::milenage::tests::{hex, test_sets};

    #[test]
    fn vectors_of_the_test_sets_verify_at_the_usim() {
        for [k, rand, sqn, amf, _, opc, f1, _, f2, f5, ..] in test_sets() {
            let (k, opc, rand, amf) = (hex(k), hex(opc), hex(rand), hex(amf));
            let sqn = sqn_value(&hex(sqn));
            let m = Milenage::new(&k, &opc);
            let v = eutran_vector(&m, &rand, sqn, &amf, &[0x00, 0xf1, 0x10]);
            assert_eq!(v.xres, hex::<8>(f2));
            let concealed = xor6(&sqn_bytes(sqn), &hex(f5));
            assert_eq!(v.autn[..6], concealed);
            assert_eq!(v.autn[6..8], amf);
            assert_eq!(v.autn[8..], hex::<8>(f1));

            let mut usim = Usim::new(&k, &opc, sqn - 1);
            let r = usim.authenticate(&rand, &v.autn).unwrap();
            assert_eq!((r.sqn, r.res), (sqn, v.xres));
            assert_eq!(usim.kasme(&r, &rand, &[0x00, 0xf1, 0x10]), v.kasme);
            // A replay is stale: the USIM asks to re-synchronise, and the
            // AuC recovers SQN_MS from the AUTS.
            let Err(Rejection::SyncFailure(auts)) = usim.authenticate(&rand, &v.autn) else {
                panic!("replay accepted");
            };
            assert_eq!(resync(&m, &rand, &auts), Some(sqn));
            let mut bad = auts;
            bad[13] ^= 1;
            assert_eq!(resync(&m, &rand, &bad), None);
            for i in 0..16 {
                let mut autn = v.autn;
                autn[i] ^= 0x80;
                let mut fresh = Usim::new(&k, &opc, 0);
                assert_eq!(
                    fresh.authenticate(&rand, &autn),
                    Err(Rejection::MacFailure),
                    "octet {i}"
                );
            }
        }
    }

    #[test]
    fn auts_of_the_test_sets() {
        // AUTS = SQN ⊕ f5* ‖ f1*(SQN, RAND, AMF = 0): f5* from the test data.
        for [k, rand, sqn, _, _, opc, _, _, _, _, _, _, f5s] in test_sets() {
            let usim = Usim::new(&hex(k), &hex(opc), sqn_value(&hex(sqn)));
            let auts = usim.auts(&hex(rand));
            assert_eq!(auts[..6], xor6(&hex(sqn), &hex(f5s)));
        }
    }

    #[test]
    fn sequence_numbers_step_seq_and_cycle_ind() {
        assert_eq!(next_sqn(0), 33);
        assert_eq!(next_sqn(31), 32);
        assert_eq!(next_sqn(33) >> 5, 2);
        let mut s = 0;
        for _ in 0..100 {
            let n = next_sqn(s);
            assert!(n > s && n >> 5 == (s >> 5) + 1);
            s = n;
        }
        assert_eq!(sqn_value(&sqn_bytes(0xff9b_b4d0_b607)), 0xff9b_b4d0_b607);
        assert_eq!(sqn_bytes(SQN_MAX + 1), [0; 6]);
    }
}
