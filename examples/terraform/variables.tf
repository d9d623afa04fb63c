variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type = string
}

variable "admin_cidrs" {
  description = "Where administrators connect from."
  type        = list(string)
  default     = ["10.20.0.0/16"]
}

variable "buckets" {
  description = "Data buckets and whether each serves public content."
  type = map(object({
    public     = optional(bool, false)
    versioning = optional(bool, true)
  }))
  default = {
    reports = {}
    website = { public = true, versioning = false }
  }
}
