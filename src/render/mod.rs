pub mod family;
pub mod map;
pub mod markdown;
pub mod mylist;
pub mod pages;
pub mod templates;
pub mod text;
pub mod views;
