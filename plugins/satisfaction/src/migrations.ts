import type { Migration } from '@kehu/core';

const id = (c: any) => c.primaryKey();
const notNull = (c: any) => c.notNull();

/** Tables of the plugin, all prefixed `sat_`. */
export const satisfactionMigrations: Migration[] = [
  {
    name: '001_satisfaction',
    async up(db) {
      // One row per version of an indicator system; versions of one system share `family_id`.
      await db.schema
        .createTable('sat_system')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('family_id', 'varchar(32)', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('name', 'text', notNull)
        .addColumn('description', 'text')
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('created_by', 'varchar(32)')
        .addColumn('published_at', 'varchar(30)')
        .addColumn('published_by', 'varchar(32)')
        .addUniqueConstraint('sat_system_family_version', ['family_id', 'version'])
        .execute();
      await db.schema
        .createTable('sat_indicator')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('system_id', 'varchar(32)', notNull)
        .addColumn('parent_id', 'varchar(32)')
        // Stable across versions of a system: scores of one indicator compare across versions.
        .addColumn('code', 'varchar(64)', notNull)
        .addColumn('level', 'integer', notNull)
        .addColumn('position', 'integer', notNull)
        .addColumn('name', 'text', notNull)
        .addColumn('kind', 'varchar(16)', notNull)
        .addColumn('step', 'varchar(16)', notNull)
        .addColumn('local_weight', 'double precision')
        .addUniqueConstraint('sat_indicator_code', ['system_id', 'code'])
        .execute();
      // How one sibling group (the children of `parent_key`, '' for the top) was weighted.
      await db.schema
        .createTable('sat_weight_group')
        .addColumn('system_id', 'varchar(32)', notNull)
        .addColumn('parent_key', 'varchar(32)', notNull)
        .addColumn('method', 'varchar(16)', notNull)
        .addColumn('order_ids', 'text')
        .addColumn('matrix', 'text')
        .addColumn('lambda_max', 'double precision')
        .addColumn('ci', 'double precision')
        .addColumn('cr', 'double precision')
        .addColumn('accepted_reason', 'text')
        .addColumn('updated_at', 'varchar(30)', notNull)
        .addColumn('updated_by', 'varchar(32)')
        .addPrimaryKeyConstraint('sat_weight_group_pk', ['system_id', 'parent_key'])
        .execute();

      await db.schema
        .createTable('sat_questionnaire')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('family_id', 'varchar(32)', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('title', 'text', notNull)
        .addColumn('intro', 'text')
        .addColumn('system_id', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('created_by', 'varchar(32)')
        // Set by the first response: the version no longer changes.
        .addColumn('frozen_at', 'varchar(30)')
        .addUniqueConstraint('sat_questionnaire_family_version', ['family_id', 'version'])
        .execute();
      await db.schema
        .createTable('sat_question')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('questionnaire_id', 'varchar(32)', notNull)
        .addColumn('position', 'integer', notNull)
        .addColumn('type', 'varchar(16)', notNull)
        .addColumn('text', 'text', notNull)
        .addColumn('required', 'integer', notNull)
        .addColumn('indicator_id', 'varchar(32)')
        .addColumn('scale_min', 'integer')
        .addColumn('scale_max', 'integer')
        .addColumn('options', 'text')
        .addColumn('overall', 'integer', notNull)
        .execute();
      await db.schema
        .createIndex('sat_question_questionnaire')
        .on('sat_question')
        .columns(['questionnaire_id', 'position'])
        .execute();

      await db.schema
        .createTable('sat_campaign')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('name', 'text', notNull)
        .addColumn('questionnaire_id', 'varchar(32)', notNull)
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('schedule', 'varchar(16)', notNull)
        .addColumn('trigger_on', 'varchar(32)')
        .addColumn('target', 'text', notNull)
        .addColumn('contact_rule', 'text', notNull)
        .addColumn('language', 'varchar(8)', notNull)
        .addColumn('starts_on', 'varchar(10)')
        .addColumn('last_run', 'varchar(16)')
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('created_by', 'varchar(32)')
        .addColumn('completed_at', 'varchar(30)')
        .execute();
      await db.schema
        .createTable('sat_invitation')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('campaign_id', 'varchar(32)', notNull)
        .addColumn('run_key', 'varchar(64)', notNull)
        .addColumn('customer_id', 'varchar(32)', notNull)
        .addColumn('contact_id', 'varchar(32)', notNull)
        // SHA-256 of the first link's token; a reminder's token is in sat_invitation_token.
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('complaint_id', 'varchar(32)')
        .addColumn('return_visit', 'integer', notNull)
        .addColumn('lang', 'varchar(8)', notNull)
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('invited_at', 'varchar(30)', notNull)
        .addColumn('invited_on', 'varchar(10)', notNull)
        .addColumn('expires_at', 'varchar(30)', notNull)
        .addColumn('reminders_sent', 'integer', notNull)
        .addColumn('last_sent_on', 'varchar(10)', notNull)
        .addColumn('opened_at', 'varchar(30)')
        .addColumn('submitted_at', 'varchar(30)')
        .addUniqueConstraint('sat_invitation_once', ['campaign_id', 'contact_id', 'run_key'])
        .execute();
      await db.schema
        .createIndex('sat_invitation_contact')
        .on('sat_invitation')
        .columns(['contact_id', 'invited_on'])
        .execute();
      await db.schema
        .createIndex('sat_invitation_customer')
        .on('sat_invitation')
        .columns(['customer_id', 'status'])
        .execute();
      // Each reminder sends a fresh random token; only hashes are kept.
      await db.schema
        .createTable('sat_invitation_token')
        .addColumn('token_hash', 'varchar(64)', id)
        .addColumn('invitation_id', 'varchar(32)', notNull)
        .addColumn('created_at', 'varchar(30)', notNull)
        .execute();
      await db.schema
        .createIndex('sat_invitation_token_invitation')
        .on('sat_invitation_token')
        .column('invitation_id')
        .execute();
      await db.schema
        .createTable('sat_opt_out')
        .addColumn('contact_id', 'varchar(32)', id)
        .addColumn('customer_id', 'varchar(32)', notNull)
        .addColumn('at', 'varchar(30)', notNull)
        .addColumn('invitation_id', 'varchar(32)')
        .execute();

      await db.schema
        .createTable('sat_response')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('invitation_id', 'varchar(32)', (c) => c.unique())
        .addColumn('campaign_id', 'varchar(32)', notNull)
        .addColumn('questionnaire_id', 'varchar(32)', notNull)
        .addColumn('system_id', 'varchar(32)')
        .addColumn('customer_id', 'varchar(32)', notNull)
        .addColumn('contact_id', 'varchar(32)')
        .addColumn('complaint_id', 'varchar(32)')
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('lang', 'varchar(8)', notNull)
        .addColumn('started_at', 'varchar(30)', notNull)
        .addColumn('submitted_at', 'varchar(30)')
        .addColumn('submitted_on', 'varchar(10)')
        .addColumn('csi', 'double precision')
        .addColumn('csat', 'double precision')
        .addColumn('nps', 'integer')
        .addColumn('ces', 'double precision')
        .addColumn('low_reasons', 'text')
        // The customer's segment when it answered: reports group by what the customer was then.
        .addColumn('seg_kind', 'varchar(16)')
        .addColumn('seg_region', 'varchar(100)')
        .addColumn('seg_owner', 'varchar(32)')
        .addColumn('seg_tier', 'varchar(8)')
        .execute();
      await db.schema
        .createIndex('sat_response_customer')
        .on('sat_response')
        .columns(['customer_id', 'submitted_at'])
        .execute();
      await db.schema
        .createIndex('sat_response_campaign')
        .on('sat_response')
        .columns(['campaign_id', 'status'])
        .execute();
      await db.schema
        .createTable('sat_answer')
        .addColumn('response_id', 'varchar(32)', notNull)
        .addColumn('question_id', 'varchar(32)', notNull)
        .addColumn('value', 'double precision')
        .addColumn('expectation', 'double precision')
        .addColumn('choices', 'text')
        .addColumn('text', 'text')
        .addPrimaryKeyConstraint('sat_answer_pk', ['response_id', 'question_id'])
        .execute();
      // Sums per month, campaign and one segment dimension (kind, region, owner, tier, or '' for all),
      // kept with every submission: reports read these cells, not the responses.
      await db.schema
        .createTable('sat_score_cell')
        .addColumn('month', 'varchar(7)', notNull)
        .addColumn('campaign_id', 'varchar(32)', notNull)
        .addColumn('dimension', 'varchar(16)', notNull)
        .addColumn('value', 'varchar(100)', notNull)
        .addColumn('responses', 'bigint', notNull)
        .addColumn('nps_n', 'bigint', notNull)
        .addColumn('promoters', 'bigint', notNull)
        .addColumn('detractors', 'bigint', notNull)
        .addColumn('csat_n', 'bigint', notNull)
        .addColumn('csat_top', 'bigint', notNull)
        .addColumn('ces_n', 'bigint', notNull)
        .addColumn('ces_sum', 'double precision', notNull)
        .addColumn('ces_top', 'bigint', notNull)
        .addColumn('csi_n', 'bigint', notNull)
        .addColumn('csi_sum', 'double precision', notNull)
        .addPrimaryKeyConstraint('sat_score_cell_pk', ['dimension', 'month', 'campaign_id', 'value'])
        .execute();

      await db.schema
        .createTable('sat_interview')
        .addColumn('id', 'varchar(32)', id)
        .addColumn('customer_id', 'varchar(32)')
        .addColumn('held_on', 'varchar(10)', notNull)
        .addColumn('title', 'text', notNull)
        .addColumn('participants', 'text', notNull)
        .addColumn('findings', 'text', notNull)
        .addColumn('indicator_ids', 'text', notNull)
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('created_by', 'varchar(32)')
        .execute();
    },
  },
];
