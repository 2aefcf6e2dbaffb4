CREATE TABLE `journey_runs` (
	`sandbox_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`version` integer NOT NULL,
	`scheduled_for` integer NOT NULL,
	`started_at` integer NOT NULL,
	`profiles` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`sandbox_id`, `journey_id`, `version`, `scheduled_for`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
