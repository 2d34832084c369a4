resource "aws_vpclattice_service_network" "net" {
  name      = "orders-net"
  auth_type = var.network_auth_type
}

resource "aws_vpclattice_auth_policy" "net" {
  resource_identifier = aws_vpclattice_service_network.net.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
      Condition = {
        StringNotEqualsIgnoreCase = { "aws:PrincipalType" = "anonymous" }
      }
    }]
  })
}

resource "aws_vpclattice_service" "orders" {
  name      = "orders"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_service_network_service_association" "orders" {
  service_identifier         = aws_vpclattice_service.orders.id
  service_network_identifier = aws_vpclattice_service_network.net.id
}

resource "aws_vpclattice_auth_policy" "orders" {
  resource_identifier = aws_vpclattice_service.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
    }]
  })
}
