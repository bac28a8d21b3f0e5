//! `Store` for [`SqlStore`]: each method hands over to the module that holds its SQL.

use async_trait::async_trait;

use super::*;
use crate::error::StoreResult;
use crate::model::*;
use crate::traits::{Backend, Store};

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        match self.dialect {
            Dialect::Sqlite => Backend::Sqlite,
            Dialect::Postgres => Backend::Postgres,
        }
    }

    async fn migrate(&self) -> StoreResult<()> {
        let migrator = match self.dialect {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.writer).await?;
        Ok(())
    }

    async fn create_business(&self, new: &NewBusiness, now: Millis) -> StoreResult<Business> {
        auth::create_business(self, new, now).await
    }
    async fn update_business(
        &self,
        id: BusinessId,
        settings: &BusinessSettings,
    ) -> StoreResult<Business> {
        auth::update_business(self, id, settings).await
    }
    async fn business(&self, id: BusinessId) -> StoreResult<Option<Business>> {
        auth::business(&self.reader, "id = $1", id).await
    }
    async fn business_by_slug(&self, slug: &str) -> StoreResult<Option<Business>> {
        auth::business(&self.reader, "slug = $1", slug.to_string()).await
    }
    async fn businesses(&self) -> StoreResult<Vec<Business>> {
        auth::businesses(&self.reader).await
    }
    async fn create_staff_user(
        &self,
        business: BusinessId,
        email: &str,
        password_hash: &str,
        role: Role,
        now: Millis,
    ) -> StoreResult<StaffUser> {
        auth::create_staff_user(self, business, email, password_hash, role, now).await
    }
    async fn staff_users_by_email(&self, email: &str) -> StoreResult<Vec<StaffUser>> {
        auth::staff_users_by_email(&self.reader, email).await
    }
    async fn create_session(
        &self,
        business: BusinessId,
        user_id: i64,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> StoreResult<()> {
        sessions::create(
            self,
            sessions::SessionKind::Staff,
            business,
            user_id,
            token_hash,
            (now, expires_at),
        )
        .await
    }
    async fn session_principal(
        &self,
        business: BusinessId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Principal>> {
        auth::session_principal(&self.reader, business, token_hash, now).await
    }
    async fn delete_session(&self, business: BusinessId, token_hash: &str) -> StoreResult<()> {
        sessions::delete(self, sessions::SessionKind::Staff, business, token_hash).await
    }
    async fn create_api_key(
        &self,
        business: BusinessId,
        name: &str,
        key_hash: &str,
        now: Millis,
    ) -> StoreResult<i64> {
        auth::create_api_key(self, business, name, key_hash, now).await
    }
    async fn api_key_principal(
        &self,
        business: BusinessId,
        key_hash: &str,
    ) -> StoreResult<Option<Principal>> {
        auth::api_key_principal(&self.reader, business, key_hash).await
    }
    async fn api_keys(&self, business: BusinessId) -> StoreResult<Vec<ApiKeyInfo>> {
        auth::api_keys(&self.reader, business).await
    }
    async fn revoke_api_key(&self, business: BusinessId, key_id: i64) -> StoreResult<bool> {
        auth::revoke_api_key(self, business, key_id).await
    }

    async fn insert_client(
        &self,
        business: BusinessId,
        fields: &ClientFields,
        allow_homonym: bool,
        now: Millis,
    ) -> StoreResult<Client> {
        clients::insert_client(self, business, fields, allow_homonym, now).await
    }
    async fn client_by_name_key(
        &self,
        business: BusinessId,
        name_key: &str,
        except: i64,
    ) -> StoreResult<Option<Client>> {
        let mut conn = self.reader.acquire().await?;
        match clients::client_with_name_key(&mut conn, business, name_key, except).await? {
            Some(id) => clients::fetch_client(&mut conn, business, id).await,
            None => Ok(None),
        }
    }
    async fn client(&self, business: BusinessId, id: i64) -> StoreResult<Option<Client>> {
        let mut conn = self.reader.acquire().await?;
        clients::fetch_client(&mut conn, business, id).await
    }
    async fn update_client(
        &self,
        business: BusinessId,
        id: i64,
        expected_version: i64,
        fields: &ClientFields,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<UpdateOutcome> {
        clients::update_client(self, business, id, expected_version, fields, actor, now).await
    }
    async fn delete_client(
        &self,
        business: BusinessId,
        id: i64,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<DeleteOutcome> {
        delete::delete_client(self, business, id, actor, now).await
    }
    async fn list_clients(
        &self,
        business: BusinessId,
        query: &ListQuery,
    ) -> StoreResult<ClientPage> {
        list::list_clients(self, business, query).await
    }
    async fn bulk_delete_clients(
        &self,
        business: BusinessId,
        selection: &BulkSelection,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<BulkDeleteReport> {
        delete::bulk_delete(self, business, selection, actor, now).await
    }
    async fn set_ban(
        &self,
        business: BusinessId,
        id: i64,
        ban: Option<Option<String>>,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<Client> {
        moderation::set_ban(self, business, id, ban, actor, now).await
    }
    async fn ban_for_email(
        &self,
        business: BusinessId,
        email_lower: &str,
    ) -> StoreResult<Option<Option<String>>> {
        let mut conn = self.reader.acquire().await?;
        booking::ban_in(&mut conn, business, email_lower).await
    }
    async fn merge_clients(
        &self,
        business: BusinessId,
        dup: i64,
        keep: i64,
        dry_run: bool,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<MergeResult> {
        merge::merge_clients(self, business, dup, keep, dry_run, actor, now).await
    }
    async fn duplicate_candidates(
        &self,
        business: BusinessId,
    ) -> StoreResult<Vec<clientele_domain::DuplicateCandidate>> {
        moderation::duplicate_candidates(&self.reader, business).await
    }
    async fn audit_log(&self, business: BusinessId, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        audit::list(&self.reader, business, limit).await
    }

    async fn create_order(
        &self,
        business: BusinessId,
        new: &NewOrder,
        now: Millis,
    ) -> StoreResult<Order> {
        orders::create(self, business, new, now).await
    }
    async fn orders(
        &self,
        business: BusinessId,
        client: Option<i64>,
        now: Millis,
    ) -> StoreResult<Vec<Order>> {
        orders::list(self, business, client, now).await
    }
    async fn active_orders_for_account(
        &self,
        business: BusinessId,
        account_id: i64,
        now: Millis,
    ) -> StoreResult<Vec<Order>> {
        orders::active_for_account(self, business, account_id, now).await
    }
    async fn delete_order(
        &self,
        business: BusinessId,
        id: i64,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<OrderDeleted> {
        orders::delete(self, business, id, actor, now).await
    }

    async fn book_public(
        &self,
        business: BusinessId,
        booking: &PublicBooking,
        now: Millis,
    ) -> StoreResult<BookingOutcome> {
        booking::book(self, business, booking, now).await
    }
    async fn match_or_create_client(
        &self,
        business: BusinessId,
        fields: &ClientFields,
        now: Millis,
    ) -> StoreResult<(i64, bool)> {
        booking::match_or_create(self, business, fields, now).await
    }
    async fn create_client_account(
        &self,
        business: BusinessId,
        account: &ClientAccount,
        verification_hash: &str,
        now: Millis,
    ) -> StoreResult<ClientAccount> {
        accounts::create(self, business, account, verification_hash, now).await
    }
    async fn verify_client_account(
        &self,
        business: BusinessId,
        verification_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<ClientAccount>> {
        accounts::verify(self, business, verification_hash, now).await
    }
    async fn client_account_by_email(
        &self,
        business: BusinessId,
        email_lower: &str,
    ) -> StoreResult<Option<ClientAccount>> {
        accounts::by_email(&self.reader, business, email_lower).await
    }
    async fn create_client_session(
        &self,
        business: BusinessId,
        account_id: i64,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> StoreResult<()> {
        sessions::create(
            self,
            sessions::SessionKind::Client,
            business,
            account_id,
            token_hash,
            (now, expires_at),
        )
        .await
    }
    async fn client_session_account(
        &self,
        business: BusinessId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<ClientAccount>> {
        accounts::session_account(&self.reader, business, token_hash, now).await
    }
    async fn delete_client_session(
        &self,
        business: BusinessId,
        token_hash: &str,
    ) -> StoreResult<()> {
        sessions::delete(self, sessions::SessionKind::Client, business, token_hash).await
    }
    async fn account_appointments(
        &self,
        business: BusinessId,
        account_id: i64,
    ) -> StoreResult<Vec<Appointment>> {
        appointments::list(
            &self.reader,
            business,
            appointments::Owner::Account(account_id),
        )
        .await
    }
    async fn appointment(&self, business: BusinessId, id: i64) -> StoreResult<Option<Appointment>> {
        let mut conn = self.reader.acquire().await?;
        appointments::fetch(&mut conn, business, id).await
    }
    async fn reschedule_appointment(
        &self,
        business: BusinessId,
        id: i64,
        start_at: Millis,
        end_at: Millis,
        now: Millis,
    ) -> StoreResult<Appointment> {
        appointments::reschedule(self, business, id, start_at, end_at, now).await
    }

    async fn create_appointment_type(
        &self,
        business: BusinessId,
        new: &NewAppointmentType,
        now: Millis,
    ) -> StoreResult<AppointmentType> {
        appointments::create_type(self, business, new, now).await
    }
    async fn appointment_types(&self, business: BusinessId) -> StoreResult<Vec<AppointmentType>> {
        appointments::types(&self.reader, business, None).await
    }
    async fn appointment_type(
        &self,
        business: BusinessId,
        id: i64,
    ) -> StoreResult<Option<AppointmentType>> {
        Ok(appointments::types(&self.reader, business, Some(id))
            .await?
            .pop())
    }
    async fn create_appointment(
        &self,
        business: BusinessId,
        new: &NewAppointment,
        now: Millis,
    ) -> StoreResult<Appointment> {
        appointments::create(self, business, new, now).await
    }
    async fn cancel_appointment(
        &self,
        business: BusinessId,
        id: i64,
        now: Millis,
    ) -> StoreResult<Appointment> {
        appointments::cancel(self, business, id, now).await
    }
    async fn client_appointments(
        &self,
        business: BusinessId,
        client_id: i64,
    ) -> StoreResult<Vec<Appointment>> {
        appointments::list(
            &self.reader,
            business,
            appointments::Owner::Client(client_id),
        )
        .await
    }

    async fn export_clients(
        &self,
        business: BusinessId,
        query: &ListQuery,
        sink: tokio::sync::mpsc::Sender<Vec<ExportRow>>,
    ) -> StoreResult<u64> {
        export::export(self, business, query, sink).await
    }
    async fn begin_import(
        &self,
        business: BusinessId,
        meta: ImportMeta,
        now: Millis,
    ) -> StoreResult<Box<dyn crate::traits::ImportSession>> {
        Ok(Box::new(import::begin(self, business, meta, now).await?))
    }
    async fn import_batches(&self, business: BusinessId) -> StoreResult<Vec<ImportBatch>> {
        undo::batches(self, business).await
    }
    async fn import_batch(
        &self,
        business: BusinessId,
        batch: i64,
    ) -> StoreResult<Option<(ImportBatch, Option<String>)>> {
        undo::batch(self, business, batch).await
    }
    async fn undo_import(
        &self,
        business: BusinessId,
        batch: i64,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<UndoOutcome> {
        undo::undo(self, business, batch, actor, now).await
    }

    async fn bulk_load(
        &self,
        business: BusinessId,
        appointment_type_id: i64,
        clients: &[BulkClient],
        appointments: &[BulkAppointment],
        now: Millis,
    ) -> StoreResult<Vec<i64>> {
        bulk::load(
            self,
            business,
            appointment_type_id,
            clients,
            appointments,
            now,
        )
        .await
    }
    async fn analyze(&self) -> StoreResult<()> {
        sqlx::query(self.dialect.analyze())
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
