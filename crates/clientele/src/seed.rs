//! Synthetic clients and appointments for demos and benchmarks: realistic French and
//! English names, emails and phones, appointments over the last 5 years and the next
//! month. Deterministic for a given seed.

use std::sync::Arc;

use clientele_domain::{Email, Notes, PersonName, Phone};
use clientele_store::{
    BulkAppointment, BulkClient, BusinessId, ClientFields, NewAppointmentType, Store,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::names::{EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES};

const DAY_MS: i64 = 86_400_000;
/// Clients per transaction: big enough to amortise commits, small enough to keep memory flat.
const BATCH: usize = 5_000;

#[derive(Debug, Clone, Copy)]
pub struct SeedPlan {
    pub clients: u64,
    pub appointments: u64,
    pub seed: u64,
    /// "Now" in Unix ms: appointments fall in [now − 5 years, now + 1 month].
    pub now: i64,
}

pub struct Generator {
    rng: ChaCha8Rng,
    now: i64,
}

impl Generator {
    pub fn new(seed: u64, now: i64) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            now,
        }
    }

    fn pick<'a>(&mut self, list: &'a [&'a str]) -> &'a str {
        list[self.rng.gen_range(0..list.len())]
    }

    /// The `n`-th client: `n` makes its email unique.
    pub fn client(&mut self, n: u64) -> BulkClient {
        let first = self.pick(FIRST_NAMES);
        let last = self.pick(LAST_NAMES);
        let name = PersonName::parse(first, last).expect("seed names are valid");
        let email = if self.rng.gen_bool(0.85) {
            let domain = self.pick(EMAIL_DOMAINS);
            let local = format!(
                "{}.{}{}",
                clientele_domain::text::words(first).join(""),
                clientele_domain::text::words(last).join(""),
                n
            );
            Email::parse(&format!("{local}@{domain}")).ok()
        } else {
            None
        };
        let phone = if self.rng.gen_bool(0.8) {
            Phone::parse(&self.phone()).ok()
        } else {
            None
        };
        let notes = if self.rng.gen_bool(0.05) {
            Notes::parse("Prefers morning appointments.").unwrap_or_default()
        } else {
            Notes::default()
        };
        let created_at = self.now - self.rng.gen_range(0..6 * 365) * DAY_MS;
        BulkClient {
            fields: ClientFields {
                name,
                email,
                phone,
                notes,
            },
            created_at,
        }
    }

    fn phone(&mut self) -> String {
        let d = |rng: &mut ChaCha8Rng| rng.gen_range(0..100);
        match self.rng.gen_range(0..4) {
            0 => format!(
                "06 {:02} {:02} {:02} {:02}",
                d(&mut self.rng),
                d(&mut self.rng),
                d(&mut self.rng),
                d(&mut self.rng)
            ),
            1 => format!(
                "+33 7 {:02} {:02} {:02} {:02}",
                d(&mut self.rng),
                d(&mut self.rng),
                d(&mut self.rng),
                d(&mut self.rng)
            ),
            2 => format!("+44 7700 {:06}", self.rng.gen_range(0..1_000_000)),
            _ => format!(
                "({:03}) {:03}-{:04}",
                self.rng.gen_range(200..1000),
                self.rng.gen_range(0..1000),
                self.rng.gen_range(0..10_000)
            ),
        }
    }

    /// An appointment of one of `clients` clients, in business hours, 8% canceled.
    pub fn appointment(&mut self, clients: usize) -> BulkAppointment {
        let day = self.rng.gen_range(-5 * 365..=30);
        let midnight = (self.now / DAY_MS + day) * DAY_MS;
        let quarter = self.rng.gen_range(8 * 4..19 * 4);
        let start_at = midnight + quarter * 15 * 60_000;
        BulkAppointment {
            client_index: self.rng.gen_range(0..clients),
            start_at,
            end_at: start_at + 60 * 60_000,
            canceled: self.rng.gen_bool(0.08),
        }
    }
}

/// Loads `plan` into `business`, calling `progress(clients_done)` after each batch.
pub async fn seed(
    store: &Arc<dyn Store>,
    business: BusinessId,
    plan: SeedPlan,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<()> {
    let types = store.appointment_types(business).await?;
    let type_id = match types.first() {
        Some(t) => t.id,
        None => {
            let new = NewAppointmentType {
                name: "Consultation".into(),
                duration_minutes: 60,
                price_cents: Some(5_000),
                form: Vec::new(),
            };
            store
                .create_appointment_type(business, &new, plan.now)
                .await?
                .id
        }
    };
    let mut generator = Generator::new(plan.seed, plan.now);
    let mut done = 0u64;
    let mut appointments_done = 0u64;
    while done < plan.clients {
        let size = (plan.clients - done).min(BATCH as u64);
        let clients: Vec<BulkClient> = (0..size).map(|i| generator.client(done + i)).collect();
        // Appointments spread evenly over batches, the rounding caught up in the last one.
        let target = if done + size == plan.clients {
            plan.appointments
        } else {
            plan.appointments * (done + size) / plan.clients.max(1)
        };
        let count = (target - appointments_done) as usize;
        let appointments: Vec<BulkAppointment> = (0..count)
            .map(|_| generator.appointment(clients.len()))
            .collect();
        store
            .bulk_load(business, type_id, &clients, &appointments, plan.now)
            .await?;
        done += size;
        appointments_done = target;
        progress(done);
    }
    store.analyze().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_clients() {
        let mut a = Generator::new(7, 1_700_000_000_000);
        let mut b = Generator::new(7, 1_700_000_000_000);
        for n in 0..100 {
            let (x, y) = (a.client(n), b.client(n));
            assert_eq!(x.fields.name, y.fields.name);
            assert_eq!(x.fields.email, y.fields.email);
            assert_eq!(x.fields.phone, y.fields.phone);
        }
    }

    #[test]
    fn appointments_fall_in_the_last_five_years_and_next_month() {
        let now = 1_700_000_000_000;
        let mut g = Generator::new(1, now);
        for _ in 0..1000 {
            let a = g.appointment(10);
            assert!(a.start_at >= now - 5 * 365 * DAY_MS - DAY_MS);
            assert!(a.start_at <= now + 31 * DAY_MS);
            assert!(a.client_index < 10 && a.end_at > a.start_at);
        }
    }
}
