CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`name` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_keys_sandbox` ON `api_keys` (`sandbox_id`);--> statement-breakpoint
CREATE TABLE `identities` (
	`sandbox_id` text NOT NULL,
	`namespace` text NOT NULL,
	`value` text NOT NULL,
	`profile_id` text NOT NULL,
	`authenticated` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_seen` integer NOT NULL,
	PRIMARY KEY(`sandbox_id`, `namespace`, `value`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identities_profile` ON `identities` (`sandbox_id`,`profile_id`);--> statement-breakpoint
CREATE TABLE `merges` (
	`sandbox_id` text NOT NULL,
	`from_profile` text NOT NULL,
	`into_profile` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `from_profile`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `namespaces` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `schemas` (
	`sandbox_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`json_schema` text NOT NULL,
	`description` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `kind`, `name`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `profiles` ADD `known` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `profiles` ADD `attributes` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `sandboxes` ADD `merge_policy` text DEFAULT 'last-write' NOT NULL;--> statement-breakpoint
ALTER TABLE `sandboxes` ADD `schema_mode` text DEFAULT 'lenient' NOT NULL;--> statement-breakpoint
ALTER TABLE `sandboxes` ADD `anonymous_ttl_days` integer DEFAULT 30 NOT NULL;