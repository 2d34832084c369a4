variable "account_id" {
  description = "The account the orders service runs in."
  type        = string
}
