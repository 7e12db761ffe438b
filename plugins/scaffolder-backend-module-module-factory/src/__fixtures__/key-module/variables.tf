variable "name" {
  type        = string
  description = "Name of the key."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource."
}
