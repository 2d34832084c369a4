# Policies handed to a Lattice module as inputs, not as resources.
module "lattice" {
  source = "aws-ia/amazon-vpc-lattice-module/aws"

  service_network = {
    name      = "shop"
    auth_type = "AWS_IAM"
    auth_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Action    = "*"
          Effect    = "Allow"
          Principal = "*"
          Resource  = "*"
          Condition = {
            StringNotEqualsIgnoreCase = { "aws:PrincipalType" = "anonymous" }
          }
        }
      ]
    })
  }

  services = {
    cart = {
      name        = "cart"
      auth_type   = "NONE"
      auth_policy = <<-EOT
        {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]
        }
      EOT
    }
    checkout = {
      name        = "checkout"
      auth_type   = "AWS_IAM"
      auth_policy = var.checkout_policy
    }
  }
}
