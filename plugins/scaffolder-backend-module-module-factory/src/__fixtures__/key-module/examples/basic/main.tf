provider "aws" {
  region = "us-east-1"
}

module "key" {
  source = "../../"
  name   = "example"
  tags   = { Owner = "group:default/platform", Environment = "dev" }
}
