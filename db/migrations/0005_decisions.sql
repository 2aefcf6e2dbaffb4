CREATE TABLE `collections` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`match` text DEFAULT 'any' NOT NULL,
	`tags` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`allow_duplicates` integer DEFAULT false NOT NULL,
	`placements` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offer_stats` (
	`sandbox_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`placement` text NOT NULL,
	`day` integer NOT NULL,
	`decisions` integer DEFAULT 0 NOT NULL,
	`displays` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`sandbox_id`, `offer_id`, `placement`, `day`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_stats_placement` ON `offer_stats` (`sandbox_id`,`placement`);--> statement-breakpoint
ALTER TABLE `offers` ADD `attributes` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `placements` ADD `action` text;