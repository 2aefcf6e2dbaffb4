CREATE TABLE `seen_identities` (
	`sandbox_id` text NOT NULL,
	`namespace` text NOT NULL,
	`value` text NOT NULL,
	`profile_id` text NOT NULL,
	`last_seen` integer NOT NULL,
	PRIMARY KEY(`sandbox_id`, `namespace`, `value`, `profile_id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `seen_identities_profile` ON `seen_identities` (`sandbox_id`,`profile_id`);--> statement-breakpoint
ALTER TABLE `profiles` ADD `cold` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `profiles` ADD `stamps` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `profiles` ADD `rev` integer DEFAULT 0 NOT NULL;