# A service open to the callers of one organization and to the deploying
# account's principals; neither value is known before `terraform apply`.
variable "org_id" {
  type = string
}

data "aws_caller_identity" "current" {}

resource "aws_vpclattice_service" "billing" {
  name      = "billing"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_auth_policy" "billing" {
  resource_identifier = aws_vpclattice_service.billing.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "vpc-lattice-svcs:Invoke"
        Resource  = "*"
        Condition = {
          StringEquals = {
            "aws:PrincipalOrgID" = var.org_id
          }
        }
      },
      {
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
        }
        Action   = "vpc-lattice-svcs:Invoke"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id
          }
        }
      }
    ]
  })
}
