CREATE TABLE `channel_rules` (
	`sandbox_id` text NOT NULL,
	`id` text NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`config` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
