variable "prefix" {
  type        = string
  description = "Prefix."
}

resource "aws_s3_bucket" "this" {
  bucket = "${var.prefix}-bucket"
}

output "name" {
  description = "Bucket name, known at plan time."
  value       = aws_s3_bucket.this.bucket
}
