CREATE TABLE `deliveries` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`profile_id` text NOT NULL,
	`channel` text NOT NULL,
	`source` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`payload` text NOT NULL,
	`detail` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_profile` ON `deliveries` (`sandbox_id`,`profile_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_recent` ON `deliveries` (`sandbox_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `journey_node_stats` (
	`sandbox_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`version` integer NOT NULL,
	`node` text NOT NULL,
	`entered` integer DEFAULT 0 NOT NULL,
	`exited` integer DEFAULT 0 NOT NULL,
	`errored` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`sandbox_id`, `journey_id`, `version`, `node`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `journey_versions` (
	`sandbox_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`published_at` integer,
	`stopped_at` integer,
	PRIMARY KEY(`sandbox_id`, `journey_id`, `version`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `journey_versions_status` ON `journey_versions` (`sandbox_id`,`status`);--> statement-breakpoint
CREATE TABLE `journeys` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
