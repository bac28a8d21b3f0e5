//! The storage contract. The server and the CLI see only this trait.

use async_trait::async_trait;

use crate::error::StoreResult;
use crate::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Applies pending migrations (also done by `connect`).
    async fn migrate(&self) -> StoreResult<()>;

    // -- businesses and staff --------------------------------------------
    async fn create_business(&self, new: &NewBusiness, now: Millis) -> StoreResult<Business>;
    async fn business(&self, id: BusinessId) -> StoreResult<Option<Business>>;
    async fn business_by_slug(&self, slug: &str) -> StoreResult<Option<Business>>;
    async fn businesses(&self) -> StoreResult<Vec<Business>>;
    async fn create_staff_user(
        &self,
        business: BusinessId,
        email: &str,
        password_hash: &str,
        role: Role,
        now: Millis,
    ) -> StoreResult<StaffUser>;
    /// Staff users with this (lower-cased) email, in any business.
    async fn staff_users_by_email(&self, email: &str) -> StoreResult<Vec<StaffUser>>;
    async fn create_session(
        &self,
        business: BusinessId,
        user_id: i64,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> StoreResult<()>;
    async fn session_principal(
        &self,
        business: BusinessId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Principal>>;
    async fn delete_session(&self, business: BusinessId, token_hash: &str) -> StoreResult<()>;
    async fn create_api_key(
        &self,
        business: BusinessId,
        name: &str,
        key_hash: &str,
        now: Millis,
    ) -> StoreResult<i64>;
    async fn api_key_principal(
        &self,
        business: BusinessId,
        key_hash: &str,
    ) -> StoreResult<Option<Principal>>;

    // -- clients ---------------------------------------------------------
    /// Adds a client; `DuplicateName` when the normalised name exists and homonyms are not allowed.
    async fn insert_client(
        &self,
        business: BusinessId,
        fields: &ClientFields,
        allow_homonym: bool,
        now: Millis,
    ) -> StoreResult<Client>;
    async fn client(&self, business: BusinessId, id: i64) -> StoreResult<Option<Client>>;
    /// Saves new fields if `expected_version` is current; merges on a name clash (SPEC §6).
    async fn update_client(
        &self,
        business: BusinessId,
        id: i64,
        expected_version: i64,
        fields: &ClientFields,
        now: Millis,
    ) -> StoreResult<UpdateOutcome>;
    /// Deletes the client and all their appointments, in one transaction.
    async fn delete_client(&self, business: BusinessId, id: i64) -> StoreResult<DeleteOutcome>;
    async fn list_clients(
        &self,
        business: BusinessId,
        query: &ListQuery,
    ) -> StoreResult<ClientPage>;
    async fn bulk_delete_clients(
        &self,
        business: BusinessId,
        selection: &BulkSelection,
    ) -> StoreResult<BulkDeleteReport>;

    // -- appointments ----------------------------------------------------
    async fn create_appointment_type(
        &self,
        business: BusinessId,
        new: &NewAppointmentType,
        now: Millis,
    ) -> StoreResult<AppointmentType>;
    async fn appointment_types(&self, business: BusinessId) -> StoreResult<Vec<AppointmentType>>;
    async fn appointment_type(
        &self,
        business: BusinessId,
        id: i64,
    ) -> StoreResult<Option<AppointmentType>>;
    async fn create_appointment(
        &self,
        business: BusinessId,
        new: &NewAppointment,
        now: Millis,
    ) -> StoreResult<Appointment>;
    async fn cancel_appointment(
        &self,
        business: BusinessId,
        id: i64,
        now: Millis,
    ) -> StoreResult<Appointment>;
    /// All appointments of a client, newest first.
    async fn client_appointments(
        &self,
        business: BusinessId,
        client_id: i64,
    ) -> StoreResult<Vec<Appointment>>;

    // -- bulk loading (seed, benchmarks) ---------------------------------
    /// Inserts clients and their appointments in one transaction; returns the client ids.
    async fn bulk_load(
        &self,
        business: BusinessId,
        appointment_type_id: i64,
        clients: &[BulkClient],
        appointments: &[BulkAppointment],
        now: Millis,
    ) -> StoreResult<Vec<i64>>;
    /// Refreshes planner statistics after a bulk load.
    async fn analyze(&self) -> StoreResult<()>;
}
