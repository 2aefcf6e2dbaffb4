CREATE TABLE `audience_list_members` (
	`sandbox_id` text NOT NULL,
	`audience_id` text NOT NULL,
	`namespace` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `audience_id`, `namespace`, `value`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audience_list_identity` ON `audience_list_members` (`sandbox_id`,`namespace`,`value`);--> statement-breakpoint
CREATE TABLE `audience_sizes` (
	`sandbox_id` text NOT NULL,
	`audience_id` text NOT NULL,
	`at` integer NOT NULL,
	`size` integer NOT NULL,
	`profiles` integer NOT NULL,
	PRIMARY KEY(`sandbox_id`, `audience_id`, `at`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `audiences` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`rule` text NOT NULL,
	`kind` text DEFAULT 'rule' NOT NULL,
	`list_version` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `offers` ADD `eligibility` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `consent` text DEFAULT '{}' NOT NULL;