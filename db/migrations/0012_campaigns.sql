CREATE TABLE `campaign_run_parts` (
	`sandbox_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`run_id` text NOT NULL,
	`part` integer NOT NULL,
	`targeted` integer NOT NULL,
	`skipped` integer DEFAULT false NOT NULL,
	`done_at` integer NOT NULL,
	PRIMARY KEY(`sandbox_id`, `campaign_id`, `run_id`, `part`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `campaign_runs` (
	`sandbox_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`id` text NOT NULL,
	`trigger` text NOT NULL,
	`scheduled_for` integer NOT NULL,
	`started_at` integer NOT NULL,
	`parts` integer,
	`error` text,
	PRIMARY KEY(`sandbox_id`, `campaign_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_runs_moment` ON `campaign_runs` (`sandbox_id`,`campaign_id`,`scheduled_for`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`kind` text NOT NULL,
	`purpose` text DEFAULT 'marketing' NOT NULL,
	`channel` text NOT NULL,
	`template_id` text NOT NULL,
	`decision_id` text,
	`audience_id` text,
	`schedule` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`activated_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_status` ON `campaigns` (`status`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `clicked_at` integer;--> statement-breakpoint
CREATE INDEX `deliveries_source` ON `deliveries` (`sandbox_id`,`source`,`status`);