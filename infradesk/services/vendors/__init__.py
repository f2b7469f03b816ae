"""Vendors, contracts, purchase orders, deliveries and their money."""
