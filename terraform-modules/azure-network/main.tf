locals {
  nat_ip_count       = var.production ? 2 : 1
  flow_log_retention = var.production ? 365 : 30
  # Storage account names: 3-24 lower-case letters and digits.
  flow_log_account = substr(replace("stfl${var.name}", "-", ""), 0, 24)
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = [var.address_space]
  tags                = var.tags
}

resource "azurerm_subnet" "nodes" {
  name                            = "snet-nodes"
  resource_group_name             = var.resource_group_name
  virtual_network_name            = azurerm_virtual_network.this.name
  address_prefixes                = [cidrsubnet(var.address_space, 4, 0)]
  default_outbound_access_enabled = false
  # Pods reach the services' key vaults and storage accounts through their
  # firewalls (virtual network rules) without a public address of their own.
  service_endpoints = ["Microsoft.KeyVault", "Microsoft.Storage"]
}

# Only traffic from inside the virtual network; Azure's defaults already deny
# the internet, this makes it explicit and visible.
resource "azurerm_network_security_group" "nodes" {
  name                = "nsg-${var.name}-nodes"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  security_rule {
    name                       = "deny-internet-inbound"
    priority                   = 4000
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_subnet_network_security_group_association" "nodes" {
  subnet_id                 = azurerm_subnet.nodes.id
  network_security_group_id = azurerm_network_security_group.nodes.id
}

# --- PostgreSQL flexible servers (private access) ------------------------------

# Flexible servers with private access are injected into a subnet delegated to
# them alone; a /24 after the node range holds the servers of the
# environment's services.
resource "azurerm_subnet" "database" {
  name                            = "snet-postgres"
  resource_group_name             = var.resource_group_name
  virtual_network_name            = azurerm_virtual_network.this.name
  address_prefixes                = [cidrsubnet(var.address_space, 8, 32)]
  default_outbound_access_enabled = false

  delegation {
    name = "postgres-flexible-servers"

    service_delegation {
      name    = "Microsoft.DBforPostgreSQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_subnet_network_security_group_association" "database" {
  subnet_id                 = azurerm_subnet.database.id
  network_security_group_id = azurerm_network_security_group.nodes.id
}

# Servers with private access register their names here. The zone must end
# in postgres.database.azure.com; "privatelink.postgres.database.azure.com" is
# left to Private Link (servers with private endpoints), whose names it would
# shadow in this network.
resource "azurerm_private_dns_zone" "postgres" {
  name                = "${var.name}.private.postgres.database.azure.com"
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "postgres" {
  name                  = "vnet-${var.name}"
  resource_group_name   = var.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.postgres.name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = var.tags
}

# A subnet takes one NAT gateway, and a NAT gateway lives in at most one zone:
# Azure offers no NAT per zone for a single subnet. Production gets more
# outbound capacity (two addresses) instead; the zone risk is written down in
# the environment's DECISIONS.md.
resource "azurerm_public_ip" "nat" {
  count = local.nat_ip_count

  name                = "pip-${var.name}-nat-${count.index}"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  tags                = var.tags
}

resource "azurerm_nat_gateway" "this" {
  name                    = "ng-${var.name}"
  location                = var.location
  resource_group_name     = var.resource_group_name
  sku_name                = "Standard"
  idle_timeout_in_minutes = 10
  tags                    = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "this" {
  count = local.nat_ip_count

  nat_gateway_id       = azurerm_nat_gateway.this.id
  public_ip_address_id = azurerm_public_ip.nat[count.index].id
}

resource "azurerm_subnet_nat_gateway_association" "nodes" {
  subnet_id      = azurerm_subnet.nodes.id
  nat_gateway_id = azurerm_nat_gateway.this.id
}

# --- Virtual network flow logs -----------------------------------------------------

resource "azurerm_storage_account" "flow_logs" {
  name                            = local.flow_log_account
  resource_group_name             = var.resource_group_name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  tags                            = var.tags

  # Network Watcher writes as a trusted Azure service; nothing else needs in.
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices", "Logging", "Metrics"]
  }
}

resource "azurerm_network_watcher" "this" {
  name                = "nw-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags
}

resource "azurerm_network_watcher_flow_log" "vnet" {
  name                 = "fl-${var.name}"
  network_watcher_name = azurerm_network_watcher.this.name
  resource_group_name  = var.resource_group_name
  target_resource_id   = azurerm_virtual_network.this.id
  storage_account_id   = azurerm_storage_account.flow_logs.id
  enabled              = true
  version              = 2
  tags                 = var.tags

  retention_policy {
    enabled = true
    days    = local.flow_log_retention
  }
}
