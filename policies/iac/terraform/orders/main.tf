# The orders service and the service network it joins, each with an auth
# policy. The service's policy document is rendered from
# data.aws_iam_policy_document.orders in policies.tf; the network's is
# written here with jsonencode and reads the organization from locals.tf.

resource "aws_vpclattice_service_network" "shop" {
  name      = "shop"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_service" "orders" {
  name      = "orders"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_service_network_service_association" "orders" {
  service_identifier         = aws_vpclattice_service.orders.id
  service_network_identifier = aws_vpclattice_service_network.shop.id
}

resource "aws_vpclattice_auth_policy" "shop" {
  resource_identifier = aws_vpclattice_service_network.shop.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OrganizationOnly"
        Effect    = "Allow"
        Principal = "*"
        Action    = "vpc-lattice-svcs:Invoke"
        Resource  = "*"
        Condition = {
          StringEquals = {
            "aws:PrincipalOrgID" = local.organization_id
          }
        }
      }
    ]
  })
}

resource "aws_vpclattice_auth_policy" "orders" {
  resource_identifier = aws_vpclattice_service.orders.arn
  policy              = data.aws_iam_policy_document.orders.json
}

# The reporting service is on the network without auth: a policy on it
# would not be enforced, and it has none.
resource "aws_vpclattice_service" "reporting" {
  name = "reporting"
}
